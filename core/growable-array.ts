export type GrowableKind = Int32Array | Uint8Array | Uint32Array | Float64Array;

/** A typed-array builder: pushing millions of numbers into a plain array and converting costs twice the memory. */
export class GrowableArray<Kind extends GrowableKind> {
  private data: Kind;
  private count = 0;

  constructor(private readonly create: (length: number) => Kind, initialCapacity = 1024) {
    this.data = create(Math.max(16, initialCapacity));
  }

  push(value: number): void {
    if (this.count === this.data.length) this.grow();
    this.data[this.count++] = value;
  }

  /** Pushes every value of `values`, in order. */
  append(values: ArrayLike<number>): void {
    while (this.count + values.length > this.data.length) this.grow();
    this.data.set(values, this.count);
    this.count += values.length;
  }

  /** Pushes values[start..end), in order (short runs: no subarray view per call). */
  appendRange(values: ArrayLike<number>, start: number, end: number): void {
    while (this.count + end - start > this.data.length) this.grow();
    const { data } = this;
    let count = this.count;
    for (let i = start; i < end; i++) data[count++] = values[i];
    this.count = count;
  }

  get length(): number {
    return this.count;
  }

  /** The pushed values, in a new array of exactly their length. */
  toArray(): Kind {
    return this.data.slice(0, this.count) as Kind;
  }

  /**
   * The pushed values in a new array of exactly their length over a
   * SharedArrayBuffer: a worker thread given it reads the same memory
   * rather than a copy.
   */
  toSharedArray(): Kind {
    const { data } = this;
    const Constructor = data.constructor as new (buffer: SharedArrayBuffer) => Kind;
    const shared = new Constructor(new SharedArrayBuffer(this.count * data.BYTES_PER_ELEMENT));
    shared.set(data.subarray(0, this.count));
    return shared;
  }

  private grow(): void {
    const grown = this.create(this.data.length * 2);
    grown.set(this.data);
    this.data = grown;
  }
}
