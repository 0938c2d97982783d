# segflow worker and API image (used by docker-compose.yml).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
COPY bin ./bin
COPY core ./core
COPY db ./db
COPY activities ./activities
COPY workflows ./workflows
COPY server ./server
COPY schemas ./schemas
COPY runtime ./runtime
COPY cli ./cli
COPY generator ./generator
COPY bench ./bench
COPY test ./test
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY dashboards ./dashboards
USER node
ENTRYPOINT ["node", "bin/segflow.js"]
CMD ["serve", "--host", "0.0.0.0", "--no-worker"]
