import { linkOutcomes, noDropType } from './resolve-identities.js';
import type { IdentityResolution } from './resolve-identities.js';

export type LinkStatus = 'linked' | 'dropped_limit' | 'dropped_size' | 'blocked';

/** One identifier value on a profile's records and what it did. */
export interface ProfileLink {
  readonly type: string;
  readonly value: string;
  readonly status: LinkStatus;
  /** For dropped_limit: the type whose limit the join would have broken. */
  readonly limitType: string | null;
  /** Records carrying the value: for linked, the profile's; otherwise all of them, inside the profile or not. */
  readonly recordKeys: readonly string[];
}

export interface ProfileExplanation {
  readonly recordKeys: readonly string[];
  /** Linked values first (in priority order), then refused and blocked ones. */
  readonly links: readonly ProfileLink[];
}

const statusOf: Record<number, LinkStatus | undefined> = {
  [linkOutcomes.linked]: 'linked',
  [linkOutcomes.droppedLimit]: 'dropped_limit',
  [linkOutcomes.droppedSize]: 'dropped_size',
  [linkOutcomes.blocked]: 'blocked',
};

/**
 * "Why is this one profile?": every value shared by two or more records
 * that touches the profile, with its outcome. Resolve the profile's whole
 * candidate component (see IdentityResolution.candidateOf) so the refusals
 * are the same as in the full run.
 */
export function explainProfile(resolution: IdentityResolution, profile: number): ProfileExplanation {
  const { input, profileOf, recordStart, recordValues, valueStart, valueRecords, valueOutcome, valueDropType } = resolution;
  const { values, valueType } = resolution.identifiers;
  const { typeNames } = resolution.compiled;
  const recordKeys: string[] = [];
  const seen = new Set<number>();
  const links: ProfileLink[] = [];
  for (let r = 0; r < profileOf.length; r++) {
    if (profileOf[r] !== profile) continue;
    recordKeys.push(input.recordKeys.key(r));
    for (let k = recordStart[r]; k < recordStart[r + 1]; k++) {
      const v = recordValues[k];
      const status = statusOf[valueOutcome[v]];
      if (seen.has(v) || status === undefined) continue;
      seen.add(v);
      const carriers: string[] = [];
      for (let j = valueStart[v]; j < valueStart[v + 1]; j++) {
        const carrier = valueRecords[j];
        if (status !== 'linked' || profileOf[carrier] === profile) carriers.push(input.recordKeys.key(carrier));
      }
      if (status === 'linked' && carriers.length < 2) continue;
      const limitType = valueDropType[v] === noDropType ? null : typeNames[valueDropType[v]];
      links.push({ type: typeNames[valueType[v]], value: values[v], status, limitType, recordKeys: carriers.sort() });
    }
  }
  const rank = (link: ProfileLink): number => (link.status === 'linked' ? 0 : 1) * 256 + typeNames.indexOf(link.type);
  links.sort((a, b) => rank(a) - rank(b) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return { recordKeys: recordKeys.sort(), links };
}

/**
 * The chain of linked values joining two records of one profile (shortest
 * in hops), e.g. [email x shared by A and C, phone y shared by C and B];
 * null when they are not joined.
 */
export function explainConnection(explanation: ProfileExplanation, fromKey: string, toKey: string): ProfileLink[] | null {
  const linked = explanation.links.filter((link) => link.status === 'linked');
  const cameFrom = new Map<string, { readonly key: string; readonly link: ProfileLink } | null>([[fromKey, null]]);
  const queue = [fromKey];
  for (let head = 0; head < queue.length; head++) {
    const key = queue[head];
    if (key === toKey) break;
    for (const link of linked) {
      if (!link.recordKeys.includes(key)) continue;
      for (const next of link.recordKeys) {
        if (cameFrom.has(next)) continue;
        cameFrom.set(next, { key, link });
        queue.push(next);
      }
    }
  }
  if (!cameFrom.has(toKey)) return null;
  const path: ProfileLink[] = [];
  for (let step = cameFrom.get(toKey); step; step = cameFrom.get(step.key)) path.push(step.link);
  return path.reverse();
}
