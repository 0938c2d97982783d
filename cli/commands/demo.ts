import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { saveConfig } from '../../db/repositories/config-repository.js';
import { segmentationConfigSchema, type SegmentationConfigInput } from '../../schemas/segmentation-config.js';
import { createApp } from '../../server/create-app.js';
import { startSegflowEnvironment } from '../../runtime/segflow-environment.js';
import { loadSettings } from '../../runtime/settings.js';
import { followRun } from '../follow-run.js';
import { parseCount } from '../parse-options.js';
import { printAudience } from '../print-audience.js';
import { waitForSignal } from '../signals.js';
import { log } from '../terminal.js';
import { defaultReferenceDate, generateInto } from './generate.js';

export const demoUsage = `segflow demo [--profiles N] [--seed S] [--once]
  Generates N people, runs the whole segmentation workflow on the embedded defaults
  (or DATABASE_URL / TEMPORAL_ADDRESS when set), prints the segments and the audience id.
  Without --once, keeps the API up afterwards and prints its URL.`;

export const DEMO_CONFIG_ID = 'demo';

/**
 * A marketer who weighs content, product usage and RFM above raw web traffic.
 * Counts are heavy-tailed, so z-scores keep one extreme visitor from squashing
 * everyone else; k is fixed at 7 here (`"k": "auto"` picks from the k report).
 */
const demoConfig: SegmentationConfigInput = {
  name: 'Demo segmentation',
  features: [
    { name: 'website_sessions', weight: 'low' },
    { name: 'pages_per_session', weight: 'low' },
    { name: 'avg_session_seconds', weight: 'low' },
    { name: 'blogs_viewed', weight: 'medium' },
    { name: 'videos_viewed', weight: 'medium' },
    { name: 'whitepapers_viewed', weight: 'medium' },
    { name: 'product_features_used', weight: 'medium' },
    { name: 'feature_uses_per_day', weight: 'low' },
    { name: 'customer_age', weight: 'low' },
    { name: 'recency_days', weight: 'medium' },
    { name: 'frequency', weight: 'medium' },
    { name: 'monetary', weight: 'medium' },
  ],
  k: 7,
  seed: 42,
  scaler: 'zscore',
  algorithm: 'kmeans',
};

export async function runDemoCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      profiles: { type: 'string', default: '20000' },
      seed: { type: 'string', default: '7' },
      once: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const people = parseCount('--profiles', values.profiles!);
  const settings = loadSettings();
  const environment = await startSegflowEnvironment(settings, { worker: true, log });
  try {
    log(`database: ${environment.database.description}`);
    log(`temporal: ${environment.temporalAddress}${environment.temporalUiUrl ? ` (web UI ${environment.temporalUiUrl})` : ''}`);
    await generateInto(environment.database, { people, seed: parseCount('--seed', values.seed!), now: defaultReferenceDate() });
    await saveConfig(environment.database, DEMO_CONFIG_ID, segmentationConfigSchema.parse(demoConfig));
    const { runId } = await environment.runs.startRun(DEMO_CONFIG_ID);
    log(`run ${runId} started`);
    const summary = await followRun(environment.runs, runId);
    await printAudience(environment.database, summary.audienceId, { plantedPersonas: true });
    process.stdout.write(`audience id: ${summary.audienceId}\n`);
    if (values.once) return 0;

    const app = createApp({ database: environment.database, runs: environment.runs, log });
    const server = app.listen(settings.port, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : settings.port;
    process.stdout.write(
      `API: http://127.0.0.1:${port}  (try GET /v1/audiences/${summary.audienceId}/members?limit=5 , /v1/runs/${runId}/report)\n` +
        'Press Ctrl+C to stop.\n',
    );
    await waitForSignal();
    server.close();
    return 0;
  } finally {
    await environment.close();
  }
}
