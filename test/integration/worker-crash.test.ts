import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { audienceMembers, createPipelineHarness, generatePeople, saveTestConfig, type PipelineHarness } from '../support/pipeline-harness.js';
import { temporalAddress } from '../support/temporal.js';

const cli = fileURLToPath(new URL('../../../bin/segflow.js', import.meta.url));
const stepsWorthKilling = new Set(['buildFeatures', 'scaleFeatures', 'clusterProfiles', 'computeReports']);

/** `segflow worker` in a process of its own, so the test can SIGKILL it like a crashed machine. */
function startWorkerProcess(databaseUrl: string, taskQueue: string): ChildProcess {
  return spawn(process.execPath, [cli, 'worker'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress(), SEGFLOW_TASK_QUEUE: taskQueue },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

describe('a worker killed in the middle of a run', () => {
  let testDatabase: TestDatabase;
  let harness: PipelineHarness;
  const children: ChildProcess[] = [];

  before(async () => {
    testDatabase = await createTestDatabase();
    harness = await createPipelineHarness(testDatabase.database, { heartbeatTimeoutSeconds: 4 });
    await generatePeople(testDatabase.database, 12000, 5);
    await saveTestConfig(testDatabase.database, 'crash', { k: 5, seed: 9 });
  });

  after(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await harness?.close();
    await testDatabase?.drop();
  });

  it('completes on a new worker with the same audience as an uninterrupted run', { timeout: 240_000 }, async () => {
    const first = startWorkerProcess(testDatabase.url, harness.taskQueue);
    children.push(first);
    const reference = await harness.runs.startRun('crash');
    await harness.runs.waitForRun(reference.runId);

    const { runId, workflowId } = await harness.runs.startRun('crash');
    let killedDuring: string | undefined;
    while (!killedDuring) {
      const status = await harness.runs.getRun(runId);
      assert.notEqual(status.status, 'completed', 'the run finished before the test could kill the worker');
      const activity = status.activity;
      if (activity && activity.heartbeat && stepsWorthKilling.has(activity.name)) {
        first.kill('SIGKILL');
        killedDuring = activity.name;
      } else {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    await once(first, 'exit');

    const second = startWorkerProcess(testDatabase.url, harness.taskQueue);
    children.push(second);
    const summary = await harness.runs.waitForRun(runId);
    assert.equal(summary.version, 2);

    // The killed step ran again on the new worker: Temporal records its last attempt.
    const connection = await Connection.connect({ address: temporalAddress() });
    try {
      const history = await new Client({ connection }).workflow.getHandle(workflowId).fetchHistory();
      const attempts = (history.events ?? [])
        .filter((event) => event.activityTaskStartedEventAttributes)
        .map((event) => event.activityTaskStartedEventAttributes!.attempt ?? 1);
      assert.ok(attempts.some((attempt) => attempt >= 2), `expected a retried activity after killing the worker during ${killedDuring}`);
    } finally {
      await connection.close();
    }

    const uninterrupted = await audienceMembers(testDatabase.database, 'crash', 1);
    const recovered = await audienceMembers(testDatabase.database, 'crash', 2);
    assert.ok(uninterrupted.length > 12000);
    assert.deepEqual(recovered, uninterrupted);
    second.kill('SIGTERM');
    await once(second, 'exit');
  });
});
