import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { compileIdentityRules } from '../../core/identity/compile-identity-rules.js';
import type { IdentityRules } from '../../core/identity/identity-rules.js';
import { copyOutBytesOn } from '../open-database.js';
import { quoteLiteral } from '../sql-literal.js';
import { IdentityRecordCollector, type CollectedPart } from './identity-record-collector.js';

/** One COPY query of a page range of a source table. */
export interface PartQuery {
  readonly text: string;
  readonly types: readonly number[];
}

export interface IdentityReadWorkerData {
  readonly connectionString: string;
  /** An exported snapshot (pg_export_snapshot) to read in, so both threads see the same rows. */
  readonly snapshot: string;
  /** Plain rules; the worker compiles them itself (normalizers are functions). */
  readonly rules: IdentityRules;
  /** The queue of page ranges both threads take from; range 0 is this worker's first. */
  readonly ranges: readonly PartQuery[];
  /** The queue's next free index, shared with the main thread (taken with Atomics.add). */
  readonly cursor: Int32Array;
  /** The planner's estimate of the records this worker reads. */
  readonly expectedRecords: number;
}

export type IdentityReadWorkerReply =
  | { readonly type: 'progress'; readonly records: number }
  | { readonly type: 'done'; readonly part: CollectedPart }
  | { readonly type: 'error'; readonly message: string };

const port = parentPort;
if (port === null) throw new Error('identity-read-worker must run as a worker thread');
const { connectionString, snapshot, rules, ranges, cursor, expectedRecords } = workerData as IdentityReadWorkerData;

/**
 * The next range from the shared queue, or ranges.length when at most the
 * last one is left: that one goes to the main thread, since this one spends
 * about as long handing its part over. (Should both see one range left, this
 * thread takes it; harmless.)
 */
function takeRange(): number {
  return Atomics.load(cursor, 0) < ranges.length - 1 ? Atomics.add(cursor, 0, 1) : ranges.length;
}

async function readPart(): Promise<CollectedPart> {
  const collector = new IdentityRecordCollector(compileIdentityRules(rules), expectedRecords);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    await client.query(`set transaction snapshot ${quoteLiteral(snapshot)}`);
    for (let next = 0; next < ranges.length; next = takeRange()) {
      for await (const chunk of copyOutBytesOn(client, ranges[next].text)) {
        collector.parse(chunk, ranges[next].types);
        port!.postMessage({ type: 'progress', records: collector.recordCount } satisfies IdentityReadWorkerReply);
      }
    }
    await client.query('commit');
  } finally {
    await client.end();
  }
  return collector.exportPart();
}

readPart().then(
  (part) => {
    const { identifiers } = part;
    const transfer = [part.mapKeyText, part.mapKeyTextEnd, part.previousProfile, part.previousCandidate, part.ingestSeq, part.occurrenceRecord, identifiers.valueType, identifiers.valueHash, identifiers.valueBlocked, identifiers.valueOfOccurrence, identifiers.invalidByType].map(
      (array) => array.buffer as ArrayBuffer,
    );
    port.postMessage({ type: 'done', part } satisfies IdentityReadWorkerReply, transfer);
  },
  (error: unknown) => port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies IdentityReadWorkerReply),
);
