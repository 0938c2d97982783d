/**
 * Disjoint sets over 0..n-1 with union by size and path halving. A root
 * stores minus its set's size in `parent` (the classic encoding), so reading
 * a root's size touches the cache line find already brought in.
 */
export class UnionFind {
  /** Per element: its parent, or -(set size) at a root. */
  readonly parent: Int32Array;

  /** n singletons, or the sets a parent array (see `parent`) encodes. */
  constructor(singletonsOrParent: number | Int32Array) {
    this.parent = typeof singletonsOrParent === 'number' ? new Int32Array(singletonsOrParent).fill(-1) : singletonsOrParent;
  }

  /** An independent copy of the current sets. */
  clone(): UnionFind {
    return new UnionFind(this.parent.slice());
  }

  find(x: number): number {
    const parent = this.parent;
    for (;;) {
      const p = parent[x];
      if (p < 0) return x;
      const grandparent = parent[p];
      if (grandparent < 0) return p;
      parent[x] = grandparent;
      x = grandparent;
    }
  }

  /** Size of the set whose root is `root`. */
  sizeOf(root: number): number {
    return -this.parent[root];
  }

  /** Joins the sets of a and b; returns the new root. */
  union(a: number, b: number): number {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return ra;
    if (this.parent[ra] > this.parent[rb]) [ra, rb] = [rb, ra];
    this.parent[ra] += this.parent[rb];
    this.parent[rb] = ra;
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
