/**
 * A uniform random sample of at most `capacity` items from a stream of unknown length (Vitter's algorithm
 * R): training reads every labelled contact once and keeps a bounded number, whatever the database holds.
 * Seeded, so the same contacts give the same sample.
 */
export function createReservoir<T>(capacity: number, seed: number) {
  let state = seed >>> 0 || 0x9e3779b9;
  const random = (): number => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const items: T[] = [];
  let seen = 0;
  return {
    add(item: T): void {
      seen++;
      if (items.length < capacity) {
        items.push(item);
        return;
      }
      const slot = Math.floor(random() * seen);
      if (slot < capacity) items[slot] = item;
    },
    get items(): readonly T[] {
      return items;
    },
    get seen(): number {
      return seen;
    },
  };
}
