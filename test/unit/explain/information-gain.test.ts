import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeColumnQuantiles } from '../../../core/explain/column-quantiles.js';
import { ExplainInputError } from '../../../core/explain/errors.js';
import { compareInformationGain, informationGain } from '../../../core/explain/information-gain.js';
import { createMatrix } from '../../../core/matrix.js';

/** Column-major test data to the row-major Matrix. */
function fromColumns(columns: number[][]): ReturnType<typeof createMatrix> {
  const rows = columns[0].length;
  const matrix = createMatrix(rows, columns.length);
  columns.forEach((column, j) => column.forEach((value, i) => (matrix.data[i * columns.length + j] = value)));
  return matrix;
}

const close = (actual: number, expected: number): void =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} != ${expected}`);

describe('informationGain', () => {
  it('matches hand-computed values on few-valued features', () => {
    // S = 0,0,0,0,1,1,1,1: H(S) = 1 bit.
    // F = 0,0,0,1,1,1,1,0: F=0 holds rows 0,1,2,7 (labels 0,0,0,1), F=1 rows 3..6 (0,1,1,1);
    //   both bins have H = h(1/4) = -(1/4 log2 1/4 + 3/4 log2 3/4) = 0.811278..., so H(S|F) = 0.811278
    //   and IG = 1 - 0.811278 = 0.188722 bits, ratio the same since H(S) = 1.
    // copy = S: IG = H(S) = 1, ratio 1. constant: one bin, IG = 0.
    const labels = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1]);
    const original = fromColumns([
      [0, 0, 0, 1, 1, 1, 1, 0],
      [0, 0, 0, 0, 1, 1, 1, 1],
      [7, 7, 7, 7, 7, 7, 7, 7],
    ]);
    const report = informationGain(original, labels, 2, ['f', 'copy', 'constant']);
    const hQuarter = -(0.25 * Math.log2(0.25) + 0.75 * Math.log2(0.75));
    close(report.labelEntropyBits, 1);
    close(report.features[0].bits, 1 - hQuarter);
    close(report.features[0].ratio, 1 - hQuarter);
    close(report.features[1].bits, 1);
    close(report.features[1].ratio, 1);
    assert.equal(report.features[2].bits, 0);
  });

  it('cuts many-valued features into 10 equal-frequency bins', () => {
    // Values 1..20, S = 0 for the first ten. Bin edges are the values at ranks 2, 4, ..., 18,
    // i.e. 3, 5, ..., 19: ten bins {1,2}, {3,4}, ..., {19,20}, each pure, so IG = H(S) = 1.
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    const labels = Int32Array.from(values, (value) => (value <= 10 ? 0 : 1));
    const original = fromColumns([values]);
    assert.deepEqual([...computeColumnQuantiles(original, labels, 2).population[0].binEdges], [3, 5, 7, 9, 11, 13, 15, 17, 19]);
    close(informationGain(original, labels, 2, ['v']).features[0].bits, 1);
  });

  it('never splits tied values across bins', () => {
    // Ten 0s then 1..10: 11 distinct, so equal-frequency. Values at ranks 2,4,6,8 are 0 (the
    // minimum, dropped), at 10,12,14,16,18 are 1,3,5,7,9: six bins {0 x10}, {1,2}, ..., {9,10}.
    // Labels: five of the 0s are segment 0, everything else segment 1 (5 vs 15 rows).
    // H(S) = h(1/4) = 0.811278. H(S|B): the 0-bin (half the rows) is 5/5 -> 1 bit, the rest are
    // pure, so H(S|B) = 0.5 and IG = 0.311278 bits, ratio 0.311278 / 0.811278 = 0.383689.
    const values = [...Array.from({ length: 10 }, () => 0), ...Array.from({ length: 10 }, (_, i) => i + 1)];
    const labels = Int32Array.from(values, (value, i) => (value === 0 && i % 2 === 0 ? 0 : 1));
    const original = fromColumns([values]);
    assert.deepEqual([...computeColumnQuantiles(original, labels, 2).population[0].binEdges], [1, 3, 5, 7, 9]);
    const hQuarter = -(0.25 * Math.log2(0.25) + 0.75 * Math.log2(0.75));
    const gain = informationGain(original, labels, 2, ['v']).features[0];
    close(gain.bits, hQuarter - 0.5);
    close(gain.ratio, (hQuarter - 0.5) / hQuarter);
  });

  it('puts the weighted and unweighted gains side by side', () => {
    const original = fromColumns([
      [0, 0, 1, 1],
      [0, 1, 0, 1],
    ]);
    const weighted = informationGain(original, Int32Array.from([0, 0, 1, 1]), 2, ['a', 'b']);
    const unweighted = informationGain(original, Int32Array.from([0, 1, 0, 1]), 2, ['a', 'b']);
    const comparison = compareInformationGain(weighted, unweighted);
    assert.deepEqual(
      comparison.map((entry) => [entry.feature, entry.weightedBits, entry.unweightedBits, entry.deltaBits]),
      [
        ['a', 1, 0, 1],
        ['b', 0, 1, -1],
      ],
    );
    const other = informationGain(original, Int32Array.from([0, 1, 0, 1]), 2, ['a', 'c']);
    assert.throws(() => compareInformationGain(weighted, other), ExplainInputError);
  });
});
