import { canonicalValueOrder } from './canonical-value-order.js';
import type { CompiledIdentityRules } from './compile-identity-rules.js';
import { internIdentityInput, validateInternedInput } from './identity-input.js';
import type { IdentityInput, InternedIdentityInput } from './identity-input.js';
import type { InternedIdentifiers } from './intern-identifiers.js';
import { UnionFind } from './union-find.js';

/** What happened to each identifier value during resolution. */
export const linkOutcomes = {
  /** Carried by one record only: links nothing. */
  single: 0,
  /** Joined every record carrying it (possibly already joined by earlier links). */
  linked: 1,
  /** Refused: joining would give a profile more values of some type than its limit. */
  droppedLimit: 2,
  /** Refused: joining would give a profile more than maxRecordsPerProfile records. */
  droppedSize: 3,
  /** Blocked junk value; never considered. */
  blocked: 4,
} as const;
export type LinkOutcome = (typeof linkOutcomes)[keyof typeof linkOutcomes];

/** Sentinel in valueDropType for values not refused by a type limit. */
export const noDropType = 255;

export interface IdentityResolution {
  readonly input: InternedIdentityInput;
  readonly compiled: CompiledIdentityRules;
  readonly identifiers: InternedIdentifiers;
  /** Per record: profile index in 0..profileCount-1, numbered by each profile's first record in input order. */
  readonly profileOf: Int32Array;
  readonly profileCount: number;
  /**
   * Per record: connected component over every non-blocked identifier,
   * before limits. Resolution never looks across these components, so
   * resolving any union of whole components alone gives exactly the profiles
   * the full run gives: this is the unit of incremental recomputation.
   */
  readonly candidateOf: Int32Array;
  readonly candidateCount: number;
  /** Per value id: a LinkOutcome. */
  readonly valueOutcome: Uint8Array;
  /** Per value id: for droppedLimit, the type index whose limit the join would break; else noDropType. */
  readonly valueDropType: Uint8Array;
  /** Records carrying value v: valueRecords[valueStart[v] .. valueStart[v + 1]). */
  readonly valueStart: Int32Array;
  readonly valueRecords: Int32Array;
  /** Value ids of record r: recordValues[recordStart[r] .. recordStart[r + 1]). */
  readonly recordStart: Int32Array;
  readonly recordValues: Int32Array;
}

/**
 * Resolves records into profiles. Values are processed in canonical order
 * (type priority first; see canonicalValueOrder) and each value either joins
 * every record carrying it or none: a value whose full join would break a
 * limit is ambiguous (a shared device, a junk email), and joining an
 * arbitrary part of it would be a guess. A join is refused when, for some
 * type already processed (this one or higher priority), the joined profile
 * would hold more distinct values than the type's limit and more than the
 * largest part already holds; lower-priority values do not count yet, so a
 * visitor's 30 cookies never block the email link that gathers the sessions.
 * The over-merge guard works the same way on record counts, so a component
 * too large to be one person is split along the links that came last in
 * priority order: its weakest.
 */
export function resolveIdentities(rawOrInterned: IdentityInput | InternedIdentityInput, compiled: CompiledIdentityRules): IdentityResolution {
  const typeCount = compiled.typeNames.length;
  const input = 'identifiers' in rawOrInterned ? rawOrInterned : internIdentityInput(rawOrInterned, compiled);
  validateInternedInput(input);
  const { identifiers } = input;
  const recordCount = input.recordKeys.length;
  const { valueCount, valueType, valueBlocked } = identifiers;
  const { valueStart, valueRecords, recordStart, recordValues } = buildAdjacency(identifiers.valueOfOccurrence, input.occurrenceRecord, recordCount, valueCount);
  const valueOutcome = new Uint8Array(valueCount);
  const valueDropType = new Uint8Array(valueCount).fill(noDropType);
  let linkingCount = 0;
  let mostCarriers = 0;
  for (let v = 0; v < valueCount; v++) {
    const carriers = valueStart[v + 1] - valueStart[v];
    if (valueBlocked[v] === 1) valueOutcome[v] = linkOutcomes.blocked;
    else if (carriers > 1) {
      linkingCount++;
      if (carriers > mostCarriers) mostCarriers = carriers;
    }
  }
  // Values on a single record link nothing, so only the rest need ordering.
  const linking = new Int32Array(linkingCount);
  for (let v = 0, i = 0; v < valueCount; v++) {
    if (valueBlocked[v] === 0 && valueStart[v + 1] - valueStart[v] > 1) linking[i++] = v;
  }
  const order = canonicalValueOrder(linking, identifiers);

  const profiles = new UnionFind(recordCount);
  // Circular member list per profile, so a profile's records can be walked.
  const nextMember = new Int32Array(recordCount);
  for (let r = 0; r < recordCount; r++) nextMember[r] = r;
  // Per root and type, an upper bound on the profile's distinct values (sum
  // over the parts joined) and, when the bound is 1, the value behind it.
  // Most joins pass on the bounds alone; only the rest walk the members for
  // exact counts. Parts that all hold the same single value of a type (a user
  // id on every session) join with exactly one value of it, known without a
  // walk: with limits of 1, such joins are most joins. One number per slot,
  // so a root's state is one cache line (the loop is bound by such lookups):
  // 0 = bound 0; v + 1 = bound 1, value v; -b = bound b (b >= 2, or b = 1 with
  // the value unknown).
  const typeState = new Int32Array(recordCount * typeCount);
  for (let r = 0; r < recordCount; r++) {
    for (let k = recordStart[r]; k < recordStart[r + 1]; k++) {
      const u = recordValues[k];
      if (valueBlocked[u] === 1) continue;
      const slot = r * typeCount + valueType[u];
      const state = typeState[slot];
      typeState[slot] = state === 0 ? u + 1 : state > 0 ? -2 : state - 1;
    }
  }
  const rootSeen = new Int32Array(recordCount);
  // The distinct roots of one value's records: a typed array and a count, so
  // the loop over millions of values allocates nothing (an array's iterator did).
  const roots = new Int32Array(mostCarriers);
  let rootCount = 0;
  const unionSeen = new Int32Array(valueCount);
  const partSeen = new Int32Array(valueCount);
  let partStamp = 0;
  const boundSums = new Int32Array(typeCount);
  // Per type: the single value every part holding the type shares; -1 none shared, -2 no part holds the type.
  const sharedSingle = new Int32Array(typeCount);
  const unionCounts = new Int32Array(typeCount);
  const unionFirst = new Int32Array(typeCount);
  const partCounts = new Int32Array(typeCount);
  const maxPartCounts = new Int32Array(typeCount);
  const { limits, maxRecordsPerProfile } = compiled;

  for (let i = 0; i < order.length; i++) {
    const v = order[i];
    const start = valueStart[v];
    const end = valueStart[v + 1];

    const stamp = v + 1;
    rootCount = 0;
    let total = 0;
    let largest = 0;
    for (let k = start; k < end; k++) {
      const root = profiles.find(valueRecords[k]);
      if (rootSeen[root] === stamp) continue;
      rootSeen[root] = stamp;
      roots[rootCount++] = root;
      const size = profiles.sizeOf(root);
      total += size;
      if (size > largest) largest = size;
    }
    valueOutcome[v] = linkOutcomes.linked;
    if (rootCount < 2) continue;
    if (total > maxRecordsPerProfile && total > largest) {
      valueOutcome[v] = linkOutcomes.droppedSize;
      continue;
    }

    const type = valueType[v];
    boundSums.fill(0);
    sharedSingle.fill(-2);
    for (let j = 0; j < rootCount; j++) {
      const root = roots[j];
      for (let t = 0; t < typeCount; t++) {
        const state = typeState[root * typeCount + t];
        if (state === 0) continue;
        boundSums[t] += state > 0 ? 1 : -state;
        const value = state > 0 ? state - 1 : -1;
        sharedSingle[t] = sharedSingle[t] === -2 || sharedSingle[t] === value ? value : -1;
      }
    }
    for (let t = 0; t < typeCount; t++) if (sharedSingle[t] >= 0) boundSums[t] = 1;
    let withinBounds = true;
    for (let t = 0; t <= type && withinBounds; t++) if (boundSums[t] > limits[t]) withinBounds = false;

    if (!withinBounds) {
      unionCounts.fill(0, 0, type + 1);
      maxPartCounts.fill(0, 0, type + 1);
      for (let j = 0; j < rootCount; j++) {
        const root = roots[j];
        partStamp++;
        partCounts.fill(0, 0, type + 1);
        let member = root;
        do {
          for (let k = recordStart[member]; k < recordStart[member + 1]; k++) {
            const u = recordValues[k];
            const uType = valueType[u];
            if (uType > type || valueBlocked[u] === 1) continue;
            if (partSeen[u] !== partStamp) {
              partSeen[u] = partStamp;
              partCounts[uType]++;
            }
            if (unionSeen[u] !== stamp) {
              unionSeen[u] = stamp;
              if (unionCounts[uType]++ === 0) unionFirst[uType] = u;
            }
          }
          member = nextMember[member];
        } while (member !== root);
        for (let t = 0; t <= type; t++) if (partCounts[t] > maxPartCounts[t]) maxPartCounts[t] = partCounts[t];
      }
      let broken = -1;
      for (let t = 0; t <= type && broken < 0; t++) {
        if (unionCounts[t] > limits[t] && unionCounts[t] > maxPartCounts[t]) broken = t;
      }
      if (broken >= 0) {
        valueOutcome[v] = linkOutcomes.droppedLimit;
        valueDropType[v] = broken;
        continue;
      }
      // The walk gave exact counts: tighten the bounds it covered.
      for (let t = 0; t <= type; t++) {
        boundSums[t] = unionCounts[t];
        sharedSingle[t] = unionCounts[t] === 1 ? unionFirst[t] : -1;
      }
    }

    let joined = roots[0];
    for (let k = 1; k < rootCount; k++) {
      const other = roots[k];
      // Splicing two circular lists: swap one successor pointer of each.
      const after = nextMember[joined];
      nextMember[joined] = nextMember[other];
      nextMember[other] = after;
      joined = profiles.union(joined, other);
    }
    for (let t = 0; t < typeCount; t++) {
      const bound = boundSums[t];
      typeState[joined * typeCount + t] = bound === 1 && sharedSingle[t] >= 0 ? sharedSingle[t] + 1 : -bound;
    }
  }

  const profileLabels = profiles.labels();
  // Candidate components join every linking value before limits: the
  // profiles (a linked value's records are one profile) plus the refused links.
  const candidates = profiles.clone();
  for (let v = 0; v < valueCount; v++) {
    if (valueOutcome[v] !== linkOutcomes.droppedLimit && valueOutcome[v] !== linkOutcomes.droppedSize) continue;
    for (let k = valueStart[v] + 1; k < valueStart[v + 1]; k++) candidates.union(valueRecords[valueStart[v]], valueRecords[k]);
  }
  const candidateLabels = candidates.labels();
  return {
    input,
    compiled,
    identifiers,
    profileOf: profileLabels.label,
    profileCount: profileLabels.count,
    candidateOf: candidateLabels.label,
    candidateCount: candidateLabels.count,
    valueOutcome,
    valueDropType,
    valueStart,
    valueRecords,
    recordStart,
    recordValues,
  };
}

interface Adjacency {
  readonly valueStart: Int32Array;
  readonly valueRecords: Int32Array;
  readonly recordStart: Int32Array;
  readonly recordValues: Int32Array;
}

/** Both directions of the record–value incidence as CSR arrays, by counting sort (O(occurrences)). */
function buildAdjacency(valueOfOccurrence: Int32Array, occurrenceRecord: Int32Array, recordCount: number, valueCount: number): Adjacency {
  const valueStart = new Int32Array(valueCount + 1);
  const recordStart = new Int32Array(recordCount + 1);
  let kept = 0;
  for (let o = 0; o < valueOfOccurrence.length; o++) {
    const v = valueOfOccurrence[o];
    if (v < 0) continue;
    kept++;
    valueStart[v + 1]++;
    recordStart[occurrenceRecord[o] + 1]++;
  }
  for (let v = 0; v < valueCount; v++) valueStart[v + 1] += valueStart[v];
  for (let r = 0; r < recordCount; r++) recordStart[r + 1] += recordStart[r];
  const valueRecords = new Int32Array(kept);
  const recordValues = new Int32Array(kept);
  const valueFill = valueStart.slice(0, valueCount);
  const recordFill = recordStart.slice(0, recordCount);
  for (let o = 0; o < valueOfOccurrence.length; o++) {
    const v = valueOfOccurrence[o];
    if (v < 0) continue;
    const r = occurrenceRecord[o];
    valueRecords[valueFill[v]++] = r;
    recordValues[recordFill[r]++] = v;
  }
  return { valueStart, valueRecords, recordStart, recordValues };
}
