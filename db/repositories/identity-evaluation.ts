import type { CompiledIdentityRules } from '../../core/identity/compile-identity-rules.js';
import { evaluatePairwise, type PairwiseEvaluation } from '../../core/identity/evaluate-pairwise.js';
import { linkableComponents } from '../../core/identity/linkable-components.js';
import { resolveIdentities, type IdentityResolution } from '../../core/identity/resolve-identities.js';
import { decodeCopyValue } from '../copy-text.js';
import type { SegflowDatabase } from '../open-database.js';
import { readIdentityRecords, type IdentityRecords } from './identity-record-reader.js';

export interface IdentityMapEvaluation {
  readonly evaluation: PairwiseEvaluation;
  /** Every identity record; previousProfile holds its profile id in the persisted map. */
  readonly records: IdentityRecords;
  /** Per record: dense label of its map profile. */
  readonly predicted: Int32Array;
  /** Per record: its planted person (truth.record_owners), -1 when it has none. */
  readonly truePerson: Int32Array;
  /** The pure core on the same records: the linkable components come from its identifier graph. */
  readonly resolution: IdentityResolution;
}

/**
 * The persisted identity map against the generator's planted truth: pairwise
 * precision, recall over linkable pairs and overall recall. For tests and
 * benchmarks on generated data; the pipeline never reads schema truth.
 */
export async function evaluateIdentityMap(database: SegflowDatabase, compiled: CompiledIdentityRules): Promise<IdentityMapEvaluation> {
  const records = await readIdentityRecords(database, compiled);
  const owners = new Map<string, number>();
  for await (const text of database.copyOutText('select source, record_id, person_id from truth.record_owners')) {
    for (const line of text.slice(0, -1).split('\n')) {
      const [source, recordId, person] = line.split('\t');
      owners.set(`${source}:${decodeCopyValue(recordId)}`, Number(person));
    }
  }
  const { recordKeys } = records.input;
  const truePerson = Int32Array.from({ length: recordKeys.length }, (_, r) => owners.get(recordKeys.key(r)) ?? -1);
  owners.clear();
  const labels = new Map<number, number>();
  const predicted = Int32Array.from(records.previousProfile, (id) => {
    let label = labels.get(id);
    if (label === undefined) labels.set(id, (label = labels.size));
    return label;
  });
  const resolution = resolveIdentities(records.input, compiled);
  const evaluation = evaluatePairwise(predicted, truePerson, linkableComponents(resolution, truePerson));
  return { evaluation, records, predicted, truePerson, resolution };
}
