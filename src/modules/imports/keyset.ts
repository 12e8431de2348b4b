/**
 * The keys already seen in a file (normalised emails, E.164 phones, matched contact ids), each with the
 * row that first had it, in a bounded amount of memory: a 1,000,000-row import must not keep a million
 * strings. Keys are stored as 64-bit hashes in an open-addressing table of typed arrays (12 bytes a slot,
 * about 25 MB for a million keys), so two different keys collide with a probability of about n²/2⁶⁵ (one
 * in ten million for two million keys). A collision makes a row look like a duplicate of another row; the
 * report names that row, so a person can check it.
 */
export class KeySet {
  private hi: Uint32Array;
  private lo: Uint32Array;
  /** The row that first had the key; 0 marks an empty slot (rows start at 1). */
  private rows: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let capacity = 16;
    while (capacity < initialCapacity) capacity *= 2;
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.rows = new Uint32Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The row that first had `key`, or null when it is new; a new key is recorded with `row`. */
  firstRow(key: string, row: number): number | null {
    if (!(row >= 1 && row <= 0xffffffff)) throw new RangeError(`row ${row} out of range`);
    const [h1, h2] = hash64(key);
    let slot = h1 & this.mask;
    for (;;) {
      const existing = this.rows[slot]!;
      if (existing === 0) break;
      if (this.lo[slot] === h1 && this.hi[slot] === h2) return existing;
      slot = (slot + 1) & this.mask;
    }
    this.lo[slot] = h1;
    this.hi[slot] = h2;
    this.rows[slot] = row;
    this.count += 1;
    if (this.count * 10 > this.rows.length * 6) this.grow();
    return null;
  }

  /** The row recorded for `key`, without recording anything. */
  rowOf(key: string): number | null {
    const [h1, h2] = hash64(key);
    let slot = h1 & this.mask;
    for (;;) {
      const existing = this.rows[slot]!;
      if (existing === 0) return null;
      if (this.lo[slot] === h1 && this.hi[slot] === h2) return existing;
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    const { hi, lo, rows } = this;
    const capacity = rows.length * 2;
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.rows = new Uint32Array(capacity);
    this.mask = capacity - 1;
    for (let i = 0; i < rows.length; i++) {
      if (rows[i] === 0) continue;
      let slot = lo[i]! & this.mask;
      while (this.rows[slot] !== 0) slot = (slot + 1) & this.mask;
      this.lo[slot] = lo[i]!;
      this.hi[slot] = hi[i]!;
      this.rows[slot] = rows[i]!;
    }
  }
}

/** Two 32-bit hashes of a string's UTF-16 code units (the cyrb53 construction, both halves kept). */
export function hash64(key: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < key.length; i++) {
    const ch = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}
