import { createRandom } from '../core/random.js';
import { maxPeople, PersonWriter, type Household } from './person-writer.js';
import { personas } from './personas.js';
import { fillCumulative, pickCumulative } from './sampling.js';
import type { SourceBatch } from './source-batch.js';
import { bufferedRows, createTableBuffers, drainAll } from './table-buffers.js';

export interface GenerateOptions {
  /** Number of planted people (person_id 1..people). */
  readonly people: number;
  readonly seed: number;
  /** Reference date; every timestamp lies before it. Passed in so output never depends on the clock. */
  readonly now: Date;
  /**
   * Rows held before they are yielded, across all tables (default 10 000). Each flush yields one
   * batch per non-empty table, parents first, so a batch holds at most about this many rows
   * (page views, the largest table, about 45% of it).
   */
  readonly batchSize?: number;
  readonly adversarial?: {
    /** Number of people who log in from one common anonymous device id (a kiosk, a bot). Default 0. */
    readonly sharedDevicePeople?: number;
    /** Share of CRM contacts with a placeholder email such as 'test@test.com' or 'n/a' (and, independently, phone). Default 0. */
    readonly junkEmailShare?: number;
  };
}

export const defaultBatchSize = 10_000;

/**
 * Share of people opening a household with the next person: both use one
 * device and log in from it, so about twice this share of people share a device.
 */
const householdOpenShare = 0.0025;

/**
 * Streams synthetic CRM, web and product source rows plus the ground truth
 * (schema `truth`) as batches (see `batchSize`).
 * People are generated one after another and only the current batches are
 * held in memory, so a million people stream in constant space. The same
 * options always give the same batches; `batchSize` changes only how rows are
 * cut into batches, never the rows.
 */
export function* generateSources(options: GenerateOptions): Generator<SourceBatch> {
  const { people, seed, now } = options;
  const batchSize = options.batchSize ?? defaultBatchSize;
  const sharedDevicePeople = options.adversarial?.sharedDevicePeople ?? 0;
  const junkEmailShare = options.adversarial?.junkEmailShare ?? 0;
  if (!Number.isInteger(people) || people < 0 || people > maxPeople) throw new RangeError(`people must be an integer in 0..${maxPeople}, got ${people}`);
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new RangeError('now must be a valid Date');
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  if (!Number.isInteger(sharedDevicePeople) || sharedDevicePeople < 0 || sharedDevicePeople > people) {
    throw new RangeError(`adversarial.sharedDevicePeople must be an integer in 0..people, got ${sharedDevicePeople}`);
  }
  if (!(junkEmailShare >= 0 && junkEmailShare <= 1)) throw new RangeError(`adversarial.junkEmailShare must be in [0, 1], got ${junkEmailShare}`);

  const random = createRandom(seed);
  const buffers = createTableBuffers();
  const writer = new PersonWriter(random, buffers, now, people, junkEmailShare, personas);
  const personaCumulative = new Float64Array(personas.length);
  fillCumulative(
    personas.map((persona) => persona.share),
    personaCumulative,
  );
  // The adversarial device's sharers are spread evenly over the population (every stride-th person).
  const adversarialDeviceId = sharedDevicePeople > 0 ? writer.newDeviceId() : null;
  const stride = sharedDevicePeople > 0 ? Math.floor(people / sharedDevicePeople) : 0;

  let household: Household | null = null;
  for (let personId = 1; personId <= people; personId++) {
    const personaIndex = pickCumulative(random, personaCumulative);
    const joining = household;
    const opens = joining === null && personId < people && random.next() < householdOpenShare;
    const index = personId - 1;
    const onAdversarialDevice = stride > 0 && index % stride === 0 && index / stride < sharedDevicePeople;
    household = writer.writePerson(personId, personaIndex, joining, opens, onAdversarialDevice ? adversarialDeviceId : null);
    // Flush all tables together once they jointly hold batchSize rows, rather than each table at
    // batchSize: rows of slow-filling tables (people, contacts) then die young instead of surviving
    // young-generation GC, which measured as the generator's main cost (about 1.5x faster overall).
    if (bufferedRows(buffers) >= batchSize) yield* drainAll(buffers);
  }
  yield* drainAll(buffers);
}
