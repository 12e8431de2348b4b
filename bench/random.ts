/**
 * A small seeded PRNG (mulberry32) so the same seed always yields the same synthetic data. Math.random
 * cannot be seeded, and benchmark figures are only comparable between runs when the data is the same.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A string of `length` decimal digits (leading zeros allowed). */
  digits(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += String(this.int(0, 9));
    return out;
  }
}

/**
 * Picks from a list with Zipf-like weights (the first item most often), the way real surnames and
 * companies are distributed: a handful are very common, most are rare. Precomputes the cumulative weights.
 */
export class ZipfPicker<T> {
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(
    private readonly items: readonly T[],
    exponent = 1,
  ) {
    if (items.length === 0) throw new Error('ZipfPicker needs at least one item');
    let sum = 0;
    this.cumulative = items.map((_, rank) => (sum += 1 / Math.pow(rank + 1, exponent)));
    this.total = sum;
  }

  pick(random: Random): T {
    const target = random.next() * this.total;
    // Binary search for the first cumulative weight above the target.
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}
