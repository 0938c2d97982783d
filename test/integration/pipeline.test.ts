import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { MockActivityEnvironment } from '@temporalio/testing';
import { scaleFeatures } from '../../activities/scale-features.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import {
  audienceMembers,
  createPipelineHarness,
  generatePeople,
  profileCount,
  saveTestConfig,
  type PipelineHarness,
} from '../support/pipeline-harness.js';

describe('segmentation workflow on real Temporal and PostgreSQL', () => {
  let testDatabase: TestDatabase;
  let harness: PipelineHarness;

  before(async () => {
    testDatabase = await createTestDatabase();
    harness = await createPipelineHarness(testDatabase.database);
    await harness.startWorker();
    await generatePeople(testDatabase.database, 1500);
    await saveTestConfig(testDatabase.database, 'pipeline', { k: 4 });
  });

  after(async () => {
    await harness?.close();
    await testDatabase?.drop();
  });

  it('publishes every profile exactly once, in one of k segments', async () => {
    const { runId } = await harness.runs.startRun('pipeline');
    const summary = await harness.runs.waitForRun(runId);
    assert.equal(summary.audienceId, 'pipeline');
    assert.equal(summary.version, 1);
    assert.equal(summary.segments, 4);

    const members = await audienceMembers(testDatabase.database, 'pipeline', 1);
    const profiles = await profileCount(testDatabase.database);
    assert.ok(profiles > 1500, `expected more profiles than people (anonymous visitors), got ${profiles}`);
    assert.equal(members.length, profiles);
    assert.equal(new Set(members.map((member) => member.profile_id)).size, profiles);
    assert.equal(new Set(members.map((member) => member.segment_id)).size, 4);

    const status = await harness.runs.getRun(runId);
    assert.equal(status.status, 'completed');
    const report = await testDatabase.database.db.selectFrom('segflow.run_reports').select('report').where('run_id', '=', runId).executeTakeFirst();
    const segments = (report?.report as { segments: Array<{ size: number; name: string }> }).segments;
    assert.equal(segments.reduce((sum, segment) => sum + segment.size, 0), profiles);
    assert.ok(segments.every((segment) => segment.name.length > 0));
  });

  it('gives the same profile ids and the same segments when the same data runs again', async () => {
    const { runId } = await harness.runs.startRun('pipeline');
    const summary = await harness.runs.waitForRun(runId);
    assert.equal(summary.version, 2);
    const first = await audienceMembers(testDatabase.database, 'pipeline', 1);
    const second = await audienceMembers(testDatabase.database, 'pipeline', 2);
    assert.deepEqual(second, first);
    const { rows } = await sql<{ changes: number }>`
      select count(*)::int as changes from segflow.merge_history where run_id = ${runId}`.execute(testDatabase.database.db);
    assert.equal(rows[0].changes, 0, 'an unchanged identity graph must record no merge history');
  });

  it('reruns a step that crashed after writing without duplicating rows', async () => {
    const { runId } = await harness.runs.startRun('pipeline');
    await harness.runs.waitForRun(runId);
    const db = testDatabase.database.db;
    const before = await db.selectFrom('segflow.run_scaled_features').select(sql<number>`count(*)::int`.as('count')).where('run_id', '=', runId).executeTakeFirstOrThrow();
    // Simulate a crash between the writes and the completion marker.
    await db.deleteFrom('segflow.run_steps').where('run_id', '=', runId).where('step', '=', 'scaleFeatures').execute();
    await new MockActivityEnvironment().run(scaleFeatures, testDatabase.database, runId);
    const afterRerun = await db.selectFrom('segflow.run_scaled_features').select(sql<number>`count(*)::int`.as('count')).where('run_id', '=', runId).executeTakeFirstOrThrow();
    assert.equal(afterRerun.count, before.count);
    const marker = await db.selectFrom('segflow.run_steps').select('step').where('run_id', '=', runId).where('step', '=', 'scaleFeatures').execute();
    assert.equal(marker.length, 1);
  });
});
