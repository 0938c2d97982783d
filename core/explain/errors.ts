/** The inputs handed to an explain function are inconsistent (shapes, label range, non-finite values). */
export class ExplainInputError extends Error {
  override readonly name = 'ExplainInputError';
}

/** Exact Shapley enumeration visits 2^d coalitions; beyond the limit it is too slow to be useful. */
export class TooManyFeaturesError extends Error {
  override readonly name = 'TooManyFeaturesError';

  constructor(
    readonly features: number,
    readonly limit: number,
  ) {
    super(`exact Shapley enumeration supports at most ${limit} features, got ${features}; use sampledShapley`);
  }
}
