import { ClusteringInputError } from './errors.js';

/** counts[p][n]: rows labelled p before and n after; both label arrays describe the same rows in the same order. */
export function migrationMatrix(previousLabels: Int32Array, nextLabels: Int32Array, previousK: number, nextK: number): number[][] {
  if (previousLabels.length !== nextLabels.length) {
    throw new ClusteringInputError(`label arrays differ in length (${previousLabels.length} vs ${nextLabels.length}); use migrationMatrixByIds`);
  }
  const counts = Array.from({ length: previousK }, () => new Array<number>(nextK).fill(0));
  for (let i = 0; i < previousLabels.length; i++) {
    const from = previousLabels[i];
    const to = nextLabels[i];
    if (from < 0 || from >= previousK || to < 0 || to >= nextK) throw new ClusteringInputError(`row ${i} has labels ${from} -> ${to}, outside ${previousK} x ${nextK}`);
    counts[from][to]++;
  }
  return counts;
}

export interface LabelledIds {
  readonly ids: readonly string[];
  readonly labels: Int32Array;
  readonly k: number;
}

/** Migration counts over the ids present in both refreshes (profiles come and go between refreshes). */
export function migrationMatrixByIds(previous: LabelledIds, next: LabelledIds): number[][] {
  const nextLabel = new Map<string, number>();
  next.ids.forEach((id, i) => nextLabel.set(id, next.labels[i]));
  const counts = Array.from({ length: previous.k }, () => new Array<number>(next.k).fill(0));
  previous.ids.forEach((id, i) => {
    const to = nextLabel.get(id);
    if (to !== undefined) counts[previous.labels[i]][to]++;
  });
  return counts;
}
