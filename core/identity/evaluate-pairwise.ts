import { IdentityInputError } from './errors.js';
import { jointGroupSizes, pairsWithin, pairsOf } from './pair-counts.js';

export interface PairwiseEvaluation {
  /** Pairs of records put in one profile. */
  readonly predictedPairs: number;
  /** Pairs of records of the same true person. */
  readonly truePairs: number;
  /** Pairs the data could possibly link: same person and joined by that person's own identifiers. */
  readonly linkablePairs: number;
  /** Predicted pairs that are true pairs. */
  readonly correctPairs: number;
  /** Linkable pairs that ended up in one profile. */
  readonly correctLinkablePairs: number;
  /** correctPairs / predictedPairs (1 when nothing was merged). */
  readonly precision: number;
  /** correctLinkablePairs / linkablePairs: how much of what was findable was found. */
  readonly linkableRecall: number;
  /** correctPairs / truePairs, including pairs no identifier connects. */
  readonly recall: number;
}

/**
 * Pairwise precision and recall by counting group sizes, never pairs:
 * pairs inside a group of n are n(n-1)/2, and the pairs two labelings agree
 * on are those inside the groups of their joint labeling. Labels are
 * per-record integers >= 0 aligned on the same records.
 */
export function evaluatePairwise(predictedProfile: Int32Array, truePerson: Int32Array, linkableComponent: Int32Array): PairwiseEvaluation {
  const n = predictedProfile.length;
  if (truePerson.length !== n || linkableComponent.length !== n) {
    throw new IdentityInputError(`label arrays differ in length: ${n}, ${truePerson.length}, ${linkableComponent.length}`);
  }
  const predictedPairs = pairsWithin(predictedProfile);
  const truePairs = pairsWithin(truePerson);
  const linkablePairs = pairsWithin(linkableComponent);
  const correctPairs = sumPairs(jointGroupSizes(predictedProfile, truePerson).size);
  const correctLinkablePairs = sumPairs(jointGroupSizes(predictedProfile, linkableComponent).size);
  return {
    predictedPairs,
    truePairs,
    linkablePairs,
    correctPairs,
    correctLinkablePairs,
    precision: predictedPairs === 0 ? 1 : correctPairs / predictedPairs,
    linkableRecall: linkablePairs === 0 ? 1 : correctLinkablePairs / linkablePairs,
    recall: truePairs === 0 ? 1 : correctPairs / truePairs,
  };
}

function sumPairs(sizes: Int32Array): number {
  let pairs = 0;
  for (let g = 0; g < sizes.length; g++) pairs += pairsOf(sizes[g]);
  return pairs;
}
