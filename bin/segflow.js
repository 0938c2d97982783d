#!/usr/bin/env node
// The CLI runs the compiled output; `npm install` builds it (the prepare script).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('segflow is not built yet: run `npm install` (or `npm run build`) in the segflow folder.\n');
  process.exit(1);
}
const { main } = await import(entry.href);
const code = await main(process.argv.slice(2));
// Exit explicitly: SDK connections and timers must not keep a finished command alive.
process.exit(code);
