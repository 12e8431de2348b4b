import { hash64 } from './keyset.js';

/**
 * Which contacts may have a given email or phone, for a bulk load that has set the contacts' email and
 * phone indexes aside (bulk-load.ts): a multimap from key to SQLite rowids in typed arrays, 8 bytes a slot
 * (about 32 MB for a million contacts with an email and a phone each), never strings.
 *
 * It answers candidates, not matches: a slot keeps a 32-bit hash of the key (whose low bits place it), so
 * a different key lands on the same candidate about once in four billion comparisons, and a key
 * once held by a contact stays after the contact's email changes. The caller reads the candidates' rows and
 * compares the stored values, which makes the answer exact.
 */
export class IdentityIndex {
  private hashes: Uint32Array;
  /** Rowid per slot; 0 marks an empty slot (SQLite gives rows rowids from 1). */
  private rowids: Uint32Array;
  private mask: number;
  private count = 0;

  /** Rowids above this do not fit a slot. */
  static readonly MAX_ROWID = 0xffffffff;
  /** The table doubles when it is fuller than this. */
  static readonly MAX_LOAD = 0.75;

  constructor(initialCapacity = 1024) {
    let capacity = 16;
    while (capacity < initialCapacity) capacity *= 2;
    this.hashes = new Uint32Array(capacity);
    this.rowids = new Uint32Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Records that the contact with `rowid` has `key` (once: adding the same pair again changes nothing). */
  add(key: string, rowid: number): void {
    if (!(Number.isInteger(rowid) && rowid >= 1 && rowid <= IdentityIndex.MAX_ROWID)) {
      throw new RangeError(`rowid ${rowid} out of range`);
    }
    const hash = hash64(key)[0];
    let slot = hash & this.mask;
    for (;;) {
      const existing = this.rowids[slot]!;
      if (existing === 0) break;
      if (existing === rowid && this.hashes[slot] === hash) return;
      slot = (slot + 1) & this.mask;
    }
    this.hashes[slot] = hash;
    this.rowids[slot] = rowid;
    this.count += 1;
    if (this.count > this.rowids.length * IdentityIndex.MAX_LOAD) this.grow();
  }

  /** Adds to `into` the rowids of the contacts that may have `key`. */
  candidates(key: string, into: Set<number>): void {
    const hash = hash64(key)[0];
    let slot = hash & this.mask;
    for (;;) {
      const rowid = this.rowids[slot]!;
      if (rowid === 0) return;
      if (this.hashes[slot] === hash) into.add(rowid);
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    const { hashes, rowids } = this;
    const capacity = rowids.length * 2;
    this.hashes = new Uint32Array(capacity);
    this.rowids = new Uint32Array(capacity);
    this.mask = capacity - 1;
    for (let i = 0; i < rowids.length; i++) {
      if (rowids[i] === 0) continue;
      let slot = hashes[i]! & this.mask;
      while (this.rowids[slot] !== 0) slot = (slot + 1) & this.mask;
      this.hashes[slot] = hashes[i]!;
      this.rowids[slot] = rowids[i]!;
    }
  }
}
