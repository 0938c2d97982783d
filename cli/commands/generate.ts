import { parseArgs } from 'node:util';
import { loadGeneratedSources } from '../../db/repositories/source-loader.js';
import { openDatabaseFromSettings } from '../../runtime/segflow-environment.js';
import { loadSettings } from '../../runtime/settings.js';
import { log, progress } from '../terminal.js';
import { parseCount, parseShare } from '../parse-options.js';

export const generateUsage = `segflow generate [--people N] [--seed S] [--now ISO-DATE] [--shared-device-people N] [--junk-email-share X]
  Replaces the source tables (CRM, web analytics, product analytics) with N generated people
  drawn from planted personas, and writes the ground truth to schema truth.`;

export async function runGenerateCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      people: { type: 'string', default: '20000' },
      seed: { type: 'string', default: '7' },
      now: { type: 'string' },
      'shared-device-people': { type: 'string', default: '0' },
      'junk-email-share': { type: 'string', default: '0' },
    },
    strict: true,
  });
  const settings = loadSettings();
  const database = await openDatabaseFromSettings(settings);
  try {
    const people = parseCount('--people', values.people!);
    const counts = await generateInto(database, {
      people,
      seed: parseCount('--seed', values.seed!),
      now: values.now ? new Date(values.now) : defaultReferenceDate(),
      adversarial: {
        sharedDevicePeople: parseCount('--shared-device-people', values['shared-device-people']!),
        junkEmailShare: parseShare('--junk-email-share', values['junk-email-share']!),
      },
    });
    log(`generated into ${database.description}: ${Object.entries(counts).map(([table, count]) => `${table} ${count}`).join(', ')}`);
    return 0;
  } finally {
    await database.close();
  }
}

/** Generates with a progress line; used by `generate` and `demo`. */
export async function generateInto(
  database: Parameters<typeof loadGeneratedSources>[0],
  options: Parameters<typeof loadGeneratedSources>[1],
): Promise<Record<string, number>> {
  const started = Date.now();
  const counts = await loadGeneratedSources(database, options, ({ people, rows }) =>
    progress(`generating sources: ${people}/${options.people} people, ${rows} rows`),
  );
  log(`generated ${options.people} people in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return counts;
}

/**
 * Generated data is anchored to a fixed date by default so that the same seed
 * gives the same data (and the same segments) on any day.
 */
export function defaultReferenceDate(): Date {
  return new Date('2026-11-01T00:00:00Z');
}
