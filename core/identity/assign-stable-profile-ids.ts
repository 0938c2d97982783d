import { IdentityInputError } from './errors.js';
import { sortByHash } from './canonical-value-order.js';
import { jointGroupSizes } from './pair-counts.js';
import type { RecordKeys } from './record-keys.js';
import type { IdentityResolution } from './resolve-identities.js';

/** A partition of records into profiles (a resolution, or a subset's). */
export interface ProfileComponents {
  readonly recordKeys: RecordKeys;
  /** Per record: component index in 0..profileCount-1. */
  readonly profileOf: Int32Array;
  readonly profileCount: number;
}

/**
 * The persisted identity map, read back aligned with the current records (the
 * join is cheap in SQL). Profile ids are positive integers allocated upwards,
 * so a smaller id is an older profile.
 */
export interface PreviousIdentityMap {
  /** Per current record: its profile id in the previous run, or -1 when the record is new. */
  readonly profileIdOf: ArrayLike<number>;
  /** Every live previous profile id; those owning no record now are reported removed. */
  readonly profileIds: ArrayLike<number>;
}

export type ProfileChangeKind = 'unchanged' | 'updated' | 'merged' | 'split' | 'removed';

/** One row for the merge-history table. */
export interface ProfileChange {
  readonly kind: ProfileChangeKind;
  readonly profileId: number;
  /** merged: the surviving profile; split: the profile that took the split-off records. */
  readonly intoProfileId?: number;
  readonly reason: string;
}

export interface StableProfileIds {
  /** Per record: its profile id. */
  readonly profileIdOf: Float64Array;
  /** Per component index: its profile id. */
  readonly profileIds: Float64Array;
  /**
   * Ids handed out by the allocator, in allocation (creation) order: the
   * profiles created. Not listed in `changes`: a first refresh creates
   * millions, and an object each cost its garbage collections.
   */
  readonly createdIds: readonly number[];
  /** The created ids whose records were in an existing profile (split off it); the rest hold only new records. */
  readonly splitOffIds: readonly number[];
  /** Every other change (see ProfileChangeKind), for the merge history. */
  readonly changes: readonly ProfileChange[];
}

export interface AssignStableProfileIdsOptions {
  /** Also list profiles whose records did not change (off by default: they are most rows and no history). */
  readonly includeUnchanged?: boolean;
}

export function profileComponents(resolution: IdentityResolution): ProfileComponents {
  return { recordKeys: resolution.input.recordKeys, profileOf: resolution.profileOf, profileCount: resolution.profileCount };
}

/**
 * Carries profile ids across refreshes. Each previous profile's records now
 * lie in one or more components; its largest share (ties: the component with
 * the smallest record key) is its main part. A component that is the main
 * part of several previous profiles keeps the oldest id and the others are
 * merged into it; a component that is nobody's main part gets a fresh id,
 * allocated in a canonical order of the components' smallest record keys
 * (hash, then key) so two runs on the same data hand out the same ids.
 * Everything keys on record keys and profile ids, never on input positions.
 */
export function assignStableProfileIds(
  components: ProfileComponents,
  previous: PreviousIdentityMap,
  allocateProfileId: () => number,
  options: AssignStableProfileIdsOptions = {},
): StableProfileIds {
  const { recordKeys, profileOf, profileCount } = components;
  const recordCount = recordKeys.length;
  if (profileOf.length !== recordCount || previous.profileIdOf.length !== recordCount) {
    throw new IdentityInputError(
      `records ${recordCount}, profileOf ${profileOf.length}, previous.profileIdOf ${previous.profileIdOf.length} must be equal`,
    );
  }

  const smallestKey = new Int32Array(profileCount).fill(-1);
  for (let r = 0; r < recordCount; r++) {
    const c = profileOf[r];
    if (smallestKey[c] < 0 || recordKeys.compare(r, smallestKey[c]) < 0) smallestKey[c] = r;
  }
  const componentBefore = (a: number, b: number): boolean => recordKeys.compare(smallestKey[a], smallestKey[b]) < 0;

  const previousIndex = new Map<number, number>();
  const previousIds: number[] = [];
  const intern = (id: number): number => {
    let index = previousIndex.get(id);
    if (index === undefined) {
      index = previousIds.length;
      previousIndex.set(id, index);
      previousIds.push(id);
    }
    return index;
  };
  for (let i = 0; i < previous.profileIds.length; i++) intern(previous.profileIds[i]);
  const previousOf = new Int32Array(recordCount);
  let lastId = -1;
  let lastIndex = -1;
  for (let r = 0; r < recordCount; r++) {
    const id = previous.profileIdOf[r];
    // Records of one profile often sit together: skip the lookup for a repeat.
    if (id !== lastId) {
      lastId = id;
      lastIndex = id < 0 ? -1 : intern(id);
    }
    previousOf[r] = lastIndex;
  }
  const previousCount = previousIds.length;
  const older = (p: number, q: number): boolean => previousIds[p] < previousIds[q];

  // Overlaps (component, previous profile, shared records).
  const overlap = jointGroupSizes(profileOf, previousOf);
  const previousSize = new Int32Array(previousCount);
  const mainPart = new Int32Array(previousCount).fill(-1);
  const mainShare = new Int32Array(previousCount);
  const componentPreviousRecords = new Int32Array(profileCount);
  for (let g = 0; g < overlap.size.length; g++) {
    const c = overlap.a[g];
    const p = overlap.b[g];
    const share = overlap.size[g];
    previousSize[p] += share;
    componentPreviousRecords[c] += share;
    if (mainPart[p] < 0 || share > mainShare[p] || (share === mainShare[p] && componentBefore(c, mainPart[p]))) {
      mainPart[p] = c;
      mainShare[p] = share;
    }
  }

  const survivor = new Int32Array(profileCount).fill(-1);
  for (let p = 0; p < previousCount; p++) {
    const c = mainPart[p];
    if (c >= 0 && (survivor[c] < 0 || older(p, survivor[c]))) survivor[c] = p;
  }

  const profileIds = new Float64Array(profileCount);
  const fresh: number[] = [];
  for (let c = 0; c < profileCount; c++) {
    if (survivor[c] >= 0) profileIds[c] = previousIds[survivor[c]];
    else fresh.push(c);
  }
  // A canonical order of the smallest record keys: by hash, then key (a
  // million string comparisons in a comparator sort took seconds).
  const keyHash = new Uint32Array(profileCount);
  for (const c of fresh) keyHash[c] = recordKeys.hash(smallestKey[c]);
  const freshInOrder = sortByHash(Int32Array.from(fresh), keyHash, (c) => recordKeys.key(smallestKey[c]));
  const createdIds: number[] = [];
  for (const c of freshInOrder) {
    const id = allocateProfileId();
    profileIds[c] = id;
    createdIds.push(id);
  }

  const changes: ProfileChange[] = [];
  const survivorShare = new Int32Array(profileCount);
  for (let p = 0; p < previousCount; p++) if (mainPart[p] >= 0 && survivor[mainPart[p]] === p) survivorShare[mainPart[p]] = mainShare[p];
  const componentSize = new Int32Array(profileCount);
  for (let r = 0; r < recordCount; r++) componentSize[profileOf[r]]++;

  const splitOffIds: number[] = [];
  for (const c of freshInOrder) if (componentPreviousRecords[c] > 0) splitOffIds.push(profileIds[c]);
  for (let c = 0; c < profileCount; c++) {
    const p = survivor[c];
    if (p < 0) continue;
    const gained = componentSize[c] - survivorShare[c];
    const lost = previousSize[p] - survivorShare[c];
    if (gained === 0 && lost === 0) {
      if (options.includeUnchanged) changes.push({ kind: 'unchanged', profileId: profileIds[c], reason: 'same records' });
    } else {
      changes.push({ kind: 'updated', profileId: profileIds[c], reason: `gained ${gained} records, lost ${lost}` });
    }
  }
  for (let p = 0; p < previousCount; p++) {
    const c = mainPart[p];
    if (c < 0) {
      changes.push({ kind: 'removed', profileId: previousIds[p], reason: 'no records left' });
    } else if (survivor[c] !== p) {
      changes.push({ kind: 'merged', profileId: previousIds[p], intoProfileId: profileIds[c], reason: 'joined an older profile' });
    }
  }
  for (let g = 0; g < overlap.size.length; g++) {
    const c = overlap.a[g];
    const p = overlap.b[g];
    if (mainPart[p] === c) continue;
    changes.push({ kind: 'split', profileId: previousIds[p], intoProfileId: profileIds[c], reason: `${overlap.size[g]} records moved` });
  }

  const profileIdOf = new Float64Array(recordCount);
  for (let r = 0; r < recordCount; r++) profileIdOf[r] = profileIds[profileOf[r]];
  return { profileIdOf, profileIds, createdIds, splitOffIds, changes };
}
