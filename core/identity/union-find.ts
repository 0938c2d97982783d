/** Disjoint sets over 0..n-1 with union by size and path halving. */
export class UnionFind {
  readonly parent: Int32Array;
  /** Set size, valid at roots. */
  readonly size: Int32Array;

  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
    this.size = new Int32Array(n).fill(1);
  }

  find(x: number): number {
    const parent = this.parent;
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  /** Joins the sets of a and b; returns the new root. */
  union(a: number, b: number): number {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return ra;
    if (this.size[ra] < this.size[rb]) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] += this.size[rb];
    return ra;
  }

  /** Dense labels 0..k-1 per element, numbered in order of each set's first element. */
  labels(): { readonly label: Int32Array; readonly count: number } {
    const n = this.parent.length;
    const label = new Int32Array(n);
    const rootLabel = new Int32Array(n).fill(-1);
    let count = 0;
    for (let i = 0; i < n; i++) {
      const root = this.find(i);
      if (rootLabel[root] < 0) rootLabel[root] = count++;
      label[i] = rootLabel[root];
    }
    return { label, count };
  }
}
