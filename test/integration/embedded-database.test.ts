import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { migrateToLatest } from '../../db/migrate.js';
import { openDatabase, type SegflowDatabase } from '../../db/open-database.js';
import { audienceMembers, createPipelineHarness, generatePeople, profileCount, saveTestConfig, type PipelineHarness } from '../support/pipeline-harness.js';

describe('the embedded database (PGlite) path', () => {
  let directory: string;
  let database: SegflowDatabase;
  let harness: PipelineHarness;

  before(async () => {
    directory = mkdtempSync(join(tmpdir(), 'segflow-embedded-'));
    database = await openDatabase({ embeddedDirectory: directory });
    await migrateToLatest(database);
    harness = await createPipelineHarness(database);
    await harness.startWorker();
  });

  after(async () => {
    await harness?.close();
    await database?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('copies in and out with escapes intact', async () => {
    await database.copyIn('sources.product_users', ['product_user_id', 'email', 'created_at'], [
      ['u-tab', 'a\tb@example.com', '2026-01-01T00:00:00Z'],
      ['u-null', null, '2026-01-01T00:00:00Z'],
      ['u-backslash', 'c\\d@example.com', '2026-01-01T00:00:00Z'],
    ]);
    const rows: Array<Array<string | null>> = [];
    for await (const batch of database.copyOut('select product_user_id, email from sources.product_users order by product_user_id')) rows.push(...batch);
    assert.deepEqual(rows, [
      ['u-backslash', 'c\\d@example.com'],
      ['u-null', null],
      ['u-tab', 'a\tb@example.com'],
    ]);
  });

  it('runs the whole workflow and publishes every profile once', { timeout: 180_000 }, async () => {
    await generatePeople(database, 600);
    await saveTestConfig(database, 'embedded', { k: 3 });
    const { runId } = await harness.runs.startRun('embedded');
    const summary = await harness.runs.waitForRun(runId);
    const members = await audienceMembers(database, 'embedded', summary.version);
    assert.equal(members.length, await profileCount(database));
    assert.equal(new Set(members.map((member) => member.profile_id)).size, members.length);
    assert.equal(new Set(members.map((member) => member.segment_id)).size, 3);
  });
});
