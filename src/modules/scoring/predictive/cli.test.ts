import { Command } from 'commander';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { registerScoringCommands } from '../predictive.cli.js';
import { syntheticLeads } from './synthetic.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-scoring-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const { records, labels } = syntheticLeads(400, 4);
const csv = join(dir, 'leads.csv');
writeFileSync(
  csv,
  ['engagement;segment;visits;plan;call_minutes;status']
    .concat(
      records.map(
        (r, i) => `${r.engagement};${r.segment};${r.visits};${r.plan};${i % 7};${labels[i] ? 'won' : 'lost'}`,
      ),
    )
    .join('\n'),
);

async function evaluate(...args: string[]): Promise<string> {
  return evaluateFile(csv, ...args);
}

async function evaluateFile(file: string, ...args: string[]): Promise<string> {
  const program = new Command('tandem').exitOverride();
  registerScoringCommands(program);
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  await program.parseAsync(['scoring', 'evaluate', '--csv', file, ...args], { from: 'user' });
  return log.mock.calls.map((c) => String(c[0])).join('\n');
}

describe('tandem scoring evaluate', () => {
  it('prints one JSON object with --json', async () => {
    const report = JSON.parse(
      await evaluate('--target', 'status', '--drop', 'call_minutes', '--folds', '2', '--seed', '2', '--json'),
    ) as {
      positiveValue: string;
      folds: unknown[];
      meanAuc: number;
      dropped: { name: string }[];
    };
    expect(report.positiveValue).toBe('won');
    expect(report.folds).toHaveLength(2);
    expect(report.meanAuc).toBeGreaterThan(0.6); // plumbing only: 200 training rows per fold
    expect(report.dropped.map((d) => d.name)).toEqual(['call_minutes']);
  });

  it('prints a readable summary', async () => {
    const text = await evaluate('--target', 'status', '--folds', '2');
    expect(text).toContain('400 rows');
    expect(text).toContain('2-fold stratified cross-validation');
  });

  it('fails with a message naming the problem', async () => {
    await expect(evaluate('--target', 'outcome')).rejects.toThrow(/No target column "outcome"/);
    await expect(evaluate('--target', 'status', '--drop', 'colour')).rejects.toThrow(/unknown column "colour"/);
    await expect(evaluate('--target', 'plan')).rejects.toThrow(/pass --positive/);
  });

  it('learns from a small file the way the in-app model does, instead of reporting chance', async () => {
    // 80 rows: the library's defaults (50 rows per leaf) allow no split at all in a fold's training rows.
    const small = join(dir, 'small.csv');
    writeFileSync(
      small,
      [
        'visits,outcome',
        ...Array.from({ length: 80 }, (_, i) => `${Math.floor(i / 4)},${i >= 40 !== (i % 10 === 0) ? 'won' : 'lost'}`),
      ].join('\n'),
    );
    const report = JSON.parse(await evaluateFile(small, '--target', 'outcome', '--json')) as { meanAuc: number };
    expect(report.meanAuc).toBeGreaterThan(0.75);
  });
});
