import { createRandom } from './random.js';
import { tableFromRows, type FeatureRow } from './table.js';

/**
 * A small synthetic lead set with a known rule, for tests and demos: a lead converts when
 * (engagement > 0.5) xor (segment = "a"), with `noise` of the outcomes flipped. `visits` is missing for a
 * fifth of the rows and `plan` is pure noise, so a model must ignore it.
 */
export function syntheticLeads(rows: number, seed: number, noise = 0.05) {
  const random = createRandom(seed);
  const records: FeatureRow[] = [];
  const labels = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    const engagement = random.next();
    const segment = ['a', 'b', 'c', 'd'][random.nextInt(4)]!;
    const rule = engagement > 0.5 !== (segment === 'a');
    labels[i] = (random.next() < noise ? !rule : rule) ? 1 : 0;
    records.push({
      engagement: engagement.toFixed(3),
      segment,
      visits: random.next() < 0.2 ? '' : String(random.nextInt(20)),
      plan: ['free', 'pro', 'team'][random.nextInt(3)],
    });
  }
  return { table: tableFromRows(records), records, labels };
}
