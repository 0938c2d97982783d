import { parseArgs } from 'node:util';
import type { ProfileLink } from '../../core/identity/explain-profile.js';
import type { SegflowDatabase } from '../../db/open-database.js';
import { auditProfile, auditRecordPair } from '../../db/repositories/identity-audit.js';
import { dryRunIdentityRules } from '../../db/repositories/identity-dry-run.js';
import { refreshIdentities } from '../../db/repositories/identity-refresh.js';
import { loadIdentityRules, saveIdentityRules } from '../../db/repositories/identity-rules-repository.js';
import { findIdentityRun } from '../../db/repositories/identity-run-repository.js';
import { openDatabaseFromSettings } from '../../runtime/segflow-environment.js';
import { loadSettings } from '../../runtime/settings.js';
import { identityRulesBodySchema } from '../../schemas/identity-requests.js';
import { parseCount } from '../parse-options.js';
import { formatTable, log } from '../terminal.js';
import { readJsonFile } from '../read-json-file.js';
import { UsageError } from '../usage-error.js';

export const identityUsage = `segflow identity audit (--profile ID | --records SOURCE:ID,SOURCE:ID) [--json]
segflow identity dry-run --rules FILE.json [--json]
segflow identity quality [--run RUN_ID] [--json]
segflow identity rules [--set FILE.json]
segflow identity refresh [--full]
  Identity resolution: why records form a profile, what a rule change would merge and split
  (applying nothing), a refresh's quality report, the global rules, and a refresh outside a run.
  Rules files hold the rules object (see docs/identity.md).`;

const subcommands: Record<string, (database: SegflowDatabase, argv: string[]) => Promise<void>> = {
  audit: runAudit,
  'dry-run': runDryRun,
  quality: runQuality,
  rules: runRules,
  refresh: runRefresh,
};

export async function runIdentityCommand(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const subcommand = name ? subcommands[name] : undefined;
  if (!subcommand) throw new UsageError(`name a subcommand: ${Object.keys(subcommands).join(', ')}`);
  const database = await openDatabaseFromSettings(loadSettings());
  try {
    await subcommand(database, rest);
    return 0;
  } finally {
    await database.close();
  }
}

async function runAudit(database: SegflowDatabase, argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { profile: { type: 'string' }, records: { type: 'string' }, json: { type: 'boolean', default: false } },
    strict: true,
  });
  if (!values.profile === !values.records) throw new UsageError('give exactly one of --profile ID or --records SOURCE:ID,SOURCE:ID');
  if (values.profile) {
    const audit = await auditProfile(database, parseCount('--profile', values.profile));
    if (values.json) return printJson(audit);
    process.stdout.write(`profile ${audit.profileId}: ${audit.recordKeys.length} records (rules version ${audit.rulesVersion})\n`);
    if (!audit.matchesMap) process.stdout.write('note: the current rules resolve these records differently; the next refresh will change this profile\n');
    process.stdout.write(`records: ${audit.recordKeys.join(', ')}\n\n${linkTable(audit.links)}\n`);
    return;
  }
  const keys = values.records!.split(',').map((key) => key.trim());
  if (keys.length !== 2) throw new UsageError('--records takes two record keys separated by a comma, e.g. crm_contacts:C00000001,web_sessions:S17');
  const pair = await auditRecordPair(database, keys[0], keys[1]);
  if (values.json) return printJson(pair);
  const verdict = pair.sameProfile ? `one profile (${pair.profileIds[0]})` : `two profiles (${pair.profileIds.join(' and ')})`;
  process.stdout.write(`${keys[0]} and ${keys[1]} are ${verdict}\n`);
  if (pair.chain.length === 0) process.stdout.write('no shared identifier connects them\n');
  else process.stdout.write(`${pair.sameProfile ? 'joined by' : 'closest connection'}:\n${linkTable(pair.chain)}\n`);
}

async function runDryRun(database: SegflowDatabase, argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { rules: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true });
  if (!values.rules) throw new UsageError('--rules FILE.json is required');
  const report = await dryRunIdentityRules(database, await readRulesFile(values.rules));
  if (values.json) return printJson(report);
  process.stdout.write(
    `${report.records} records: ${report.profilesBefore} profiles now, ${report.profilesAfter} with these rules\n` +
      `${report.merges} profiles would merge others, ${report.splits} would split, ${report.unchangedProfiles} stay as they are\n` +
      `${report.newRecords} records are not resolved yet, ${report.droppedRecords} would no longer be read\n`,
  );
  if (report.sampleMerges.length > 0) {
    process.stdout.write(`\nlargest merges:\n${formatTable(['records', 'profile ids'], report.sampleMerges.map((merge) => [String(merge.records), merge.profileIds.join(', ')]))}\n`);
  }
  if (report.sampleSplits.length > 0) {
    process.stdout.write(`\nlargest splits:\n${formatTable(['profile id', 'parts'], report.sampleSplits.map((split) => [String(split.profileId), String(split.parts)]))}\n`);
  }
  process.stdout.write('nothing was applied\n');
}

async function runQuality(database: SegflowDatabase, argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { run: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true });
  const run = await findIdentityRun(database, values.run);
  if (values.json) return printJson(run);
  const { quality } = run;
  const sizes = quality.recordsPerProfile;
  process.stdout.write(
    `run ${run.runId} (${run.mode}, rules version ${run.rulesVersion}, ${run.createdAt}): ${quality.records} records resolved into ${quality.profiles} profiles\n` +
      `records per profile: median ${sizes.median}, p90 ${sizes.p90}, p99 ${sizes.p99}, max ${sizes.max}, mean ${sizes.mean.toFixed(2)}\n` +
      `blocked occurrences: ${quality.blockedOccurrences}; oversized candidate components: ${quality.oversizedComponents}\n`,
  );
  if (quality.droppedLinks.length > 0) {
    const rows = quality.droppedLinks.map((drop) => [drop.type, drop.reason, drop.limitType ?? '', String(drop.values), String(drop.occurrences)]);
    process.stdout.write(`\ndropped links:\n${formatTable(['type', 'reason', 'limit of', 'values', 'occurrences'], rows)}\n`);
  }
  if (quality.blockedValues.length > 0) {
    const rows = quality.blockedValues.slice(0, 10).map((blocked) => [blocked.type, JSON.stringify(blocked.value), String(blocked.occurrences)]);
    process.stdout.write(`\ntop blocked values:\n${formatTable(['type', 'value', 'occurrences'], rows)}\n`);
  }
  const largest = quality.largestProfiles.map((profile) => [String(profile.records), profile.sampleRecordKeys.join(', ')]);
  process.stdout.write(`\nlargest profiles:\n${formatTable(['records', 'sample records'], largest)}\n`);
}

async function runRules(database: SegflowDatabase, argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { set: { type: 'string' } }, strict: true });
  if (values.set) {
    const saved = await saveIdentityRules(database, await readRulesFile(values.set));
    log(`saved identity rules version ${saved.version}; the next refresh runs in full`);
    return;
  }
  const { version, rules } = await loadIdentityRules(database);
  printJson({ version, rules });
}

async function runRefresh(database: SegflowDatabase, argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { full: { type: 'boolean', default: false } }, strict: true });
  const result = await refreshIdentities(database, {
    runId: `cli-${new Date().toISOString()}`,
    mode: values.full ? 'full' : 'incremental',
    onProgress: ({ message }) => log(message),
  });
  const { quality: _quality, ...summary } = result;
  printJson(summary);
}

/** A rules file holds the rules object itself; validated like the API's `rules` field. */
function readRulesFile(path: string): Promise<Parameters<typeof saveIdentityRules>[1]> {
  return readJsonFile(path, 'rules', (value) => identityRulesBodySchema.parse({ rules: value }).rules, 1);
}

function linkTable(links: readonly ProfileLink[]): string {
  if (links.length === 0) return '(no shared identifiers)';
  const rows = links.map((link) => [link.status, link.type, link.value, link.limitType ?? '', link.recordKeys.join(', ')]);
  return formatTable(['status', 'type', 'value', 'limit of', 'records'], rows);
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
