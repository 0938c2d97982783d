import { ClusteringInputError } from './errors.js';

export interface Assignment {
  /** Column assigned to each row, or -1 when there are more rows than columns and the row got none. */
  readonly rowToColumn: number[];
  readonly total: number;
}

/**
 * Minimum-cost assignment (Hungarian algorithm, O(n^3) shortest augmenting
 * paths with potentials). Rectangular matrices are padded with zero-cost
 * dummies, so every row gets a column when rows <= columns and vice versa.
 */
export function solveAssignment(cost: readonly (readonly number[])[]): Assignment {
  const rows = cost.length;
  const cols = rows === 0 ? 0 : cost[0].length;
  for (const [i, row] of cost.entries()) {
    if (row.length !== cols) throw new ClusteringInputError(`cost row ${i} has ${row.length} entries, expected ${cols}`);
    for (const value of row) if (!Number.isFinite(value)) throw new ClusteringInputError(`cost row ${i} has a non-finite entry`);
  }
  const n = Math.max(rows, cols);
  const at = (i: number, j: number): number => (i < rows && j < cols ? cost[i][j] : 0);
  // 1-based arrays: index 0 is the virtual start of each augmenting path.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const owner = new Int32Array(n + 1);
  const way = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) {
    owner[0] = i;
    let column = 0;
    const reach = new Float64Array(n + 1).fill(Infinity);
    const used = new Uint8Array(n + 1);
    do {
      used[column] = 1;
      const row = owner[column];
      let delta = Infinity;
      let nextColumn = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const reduced = at(row - 1, j - 1) - u[row] - v[j];
        if (reduced < reach[j]) {
          reach[j] = reduced;
          way[j] = column;
        }
        if (reach[j] < delta) {
          delta = reach[j];
          nextColumn = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[owner[j]] += delta;
          v[j] -= delta;
        } else {
          reach[j] -= delta;
        }
      }
      column = nextColumn;
    } while (owner[column] !== 0);
    do {
      const previous = way[column];
      owner[column] = owner[previous];
      column = previous;
    } while (column !== 0);
  }
  const rowToColumn = new Array<number>(rows).fill(-1);
  let total = 0;
  for (let j = 1; j <= n; j++) {
    const i = owner[j] - 1;
    if (i < rows && j - 1 < cols) {
      rowToColumn[i] = j - 1;
      total += cost[i][j - 1];
    }
  }
  return { rowToColumn, total };
}
