import { IdentityInputError } from './errors.js';
import { jointGroupSizes } from './pair-counts.js';

export interface ResolutionDiff {
  /** After-profiles that gather records of several before-profiles. */
  readonly merges: readonly { readonly after: number; readonly before: readonly number[] }[];
  /** Before-profiles whose records now lie in several after-profiles. */
  readonly splits: readonly { readonly before: number; readonly after: readonly number[] }[];
  /** After-profiles holding exactly the records of one before-profile. */
  readonly unchangedProfiles: number;
  /** Records only in `after` / only in `before`. */
  readonly addedRecords: number;
  readonly removedRecords: number;
}

/**
 * Dry run: compares two partitions of the same records (labels per record,
 * -1 where the record is absent on that side) and reports what would merge
 * and split. Label strings (profile ids) can be interned to integers first.
 */
export function diffResolutions(before: ArrayLike<number>, after: ArrayLike<number>): ResolutionDiff {
  if (before.length !== after.length) throw new IdentityInputError(`before has ${before.length} labels, after ${after.length}`);
  let addedRecords = 0;
  let removedRecords = 0;
  const beforeSize = new Map<number, number>();
  const afterSize = new Map<number, number>();
  for (let r = 0; r < before.length; r++) {
    if (before[r] < 0 && after[r] >= 0) addedRecords++;
    if (before[r] >= 0 && after[r] < 0) removedRecords++;
    if (before[r] >= 0) beforeSize.set(before[r], (beforeSize.get(before[r]) ?? 0) + 1);
    if (after[r] >= 0) afterSize.set(after[r], (afterSize.get(after[r]) ?? 0) + 1);
  }
  const joint = jointGroupSizes(after, before);
  const beforesOfAfter = new Map<number, number[]>();
  const aftersOfBefore = new Map<number, number[]>();
  let unchangedProfiles = 0;
  for (let g = 0; g < joint.size.length; g++) {
    const a = joint.a[g];
    const b = joint.b[g];
    push(beforesOfAfter, a, b);
    push(aftersOfBefore, b, a);
    if (joint.size[g] === afterSize.get(a) && joint.size[g] === beforeSize.get(b)) unchangedProfiles++;
  }
  const merges = [...beforesOfAfter].filter(([, list]) => list.length > 1).map(([after, list]) => ({ after, before: list }));
  const splits = [...aftersOfBefore].filter(([, list]) => list.length > 1).map(([before, list]) => ({ before, after: list }));
  return { merges, splits, unchangedProfiles, addedRecords, removedRecords };
}

function push(map: Map<number, number[]>, key: number, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
