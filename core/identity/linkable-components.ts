import { IdentityInputError } from './errors.js';
import type { IdentityResolution } from './resolve-identities.js';
import { UnionFind } from './union-find.js';

/**
 * Ground-truth reachability for evaluation: records of one person joined by
 * a chain of that person's own non-blocked identifiers after normalization
 * (identifier values namespaced by person, so another person sharing a value
 * never bridges). Pairs inside these components are the ones a perfect
 * resolver could find. Returns a dense label per record.
 */
export function linkableComponents(resolution: IdentityResolution, truePerson: Int32Array): Int32Array {
  const recordCount = resolution.input.recordKeys.length;
  if (truePerson.length !== recordCount) {
    throw new IdentityInputError(`truePerson has ${truePerson.length} labels for ${recordCount} records`);
  }
  let maxPerson = -1;
  for (let r = 0; r < recordCount; r++) if (truePerson[r] > maxPerson) maxPerson = truePerson[r];
  // Per value, the first record seen of each person; stamped by value so it is never cleared.
  const firstOfPerson = new Int32Array(maxPerson + 1);
  const stampOfPerson = new Int32Array(maxPerson + 1);
  const { valueStart, valueRecords } = resolution;
  const { valueCount, valueBlocked } = resolution.identifiers;
  const components = new UnionFind(recordCount);
  for (let v = 0; v < valueCount; v++) {
    if (valueBlocked[v] === 1) continue;
    for (let k = valueStart[v]; k < valueStart[v + 1]; k++) {
      const record = valueRecords[k];
      const person = truePerson[record];
      if (stampOfPerson[person] === v + 1) {
        components.union(firstOfPerson[person], record);
      } else {
        stampOfPerson[person] = v + 1;
        firstOfPerson[person] = record;
      }
    }
  }
  return components.labels().label;
}
