/** The inputs handed to a clustering function are inconsistent (shapes, k out of range, non-finite values). */
export class ClusteringInputError extends Error {
  override readonly name = 'ClusteringInputError';
}

/** A k-means worker thread crashed or reported an exception; the run cannot continue. */
export class ClusteringWorkerError extends Error {
  override readonly name = 'ClusteringWorkerError';
}
