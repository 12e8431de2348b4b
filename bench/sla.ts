import { sql } from 'kysely';
import { openDatabase } from '../src/app.js';
import type { Database } from '../src/db/database.js';
import { createOutbox } from '../src/jobs/outbox.js';
import { createHandoffTimers } from '../src/modules/handoffs/index.js';
import { fixedClock } from '../src/shared/clock.js';
import { insertInBatches } from './batch.js';
import { benchEnvironment, type BenchDialect } from './environment.js';
import { BenchFailure, percentile } from './load.js';
import { Random } from './random.js';

/**
 * The SLA timer sweep at scale: `handoffs` open handoffs, each with the seven timers of a handoff under the
 * default terms (first-touch reminder, breach and reassignment, decision reminder and breach, attempts
 * reminder and breach), assigned at times spread over a month around "now", so a few percent of the timers
 * are due and the rest wait. Rows are written with bulk SQL, not through the API. Then one sweep at a time
 * (createHandoffTimers().sweep(): select the earliest due unfired timers, mark them fired, write their
 * outbox events, one transaction) fires `batch` timers; the figure is the median of `sweeps` sweeps after a
 * few warm-up ones. Reactions (notifications, reassignment) are the outbox worker's and are not included.
 */

export interface SlaSweepOptions {
  dialect: BenchDialect;
  handoffs: number;
  seed: number;
  /** Timers each measured sweep fires. */
  batch: number;
  /** Measured sweeps (fewer when fewer timers are due). */
  sweeps: number;
  log: (message: string) => void;
}

export interface SlaSweepResult {
  handoffs: number;
  timers: number;
  /** Timers due at the measurement's "now" before the first sweep. */
  due: number;
  medianMs: number;
  p99Ms: number;
  seconds: number;
}

/** The bar: one sweep with 100,000 open handoffs under 100 ms. */
export const SLA_SWEEP_MS_BAR = 100;

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
/** Offsets of a handoff's timers from its assignment, as the default terms give them in a working day. */
const TIMERS: readonly [string, number][] = [
  ['first_touch.remind', 45 * MINUTE],
  ['first_touch.breach', 60 * MINUTE],
  ['first_touch.reassign', 120 * MINUTE],
  ['decision.remind', 360 * MINUTE],
  ['decision.breach', 480 * MINUTE],
  ['attempts.remind', 3 * DAY],
  ['attempts.breach', 5 * DAY],
];
const WARMUP_SWEEPS = 3;

export async function measureSlaSweep(opts: SlaSweepOptions): Promise<SlaSweepResult> {
  const env = benchEnvironment(opts.dialect);
  let database: Database | undefined;
  try {
    database = await openDatabase(env.config);
    const now = Date.parse('2027-03-20T05:00:00.000Z');
    const random = new Random(opts.seed);
    // Assigned from 5 days before now to 25 days after (a month of handoffs, now in its first week).
    const assigned = Array.from({ length: opts.handoffs }, () => now - 5 * DAY + Math.floor(random.next() * 30 * DAY));
    const id = (i: number) => `bench-handoff-${String(i).padStart(7, '0')}`;
    const iso = (ms: number) => new Date(ms).toISOString();
    const started = performance.now();
    opts.log(`sla: writing ${opts.handoffs} open handoffs and ${opts.handoffs * TIMERS.length} timers...`);
    function* handoffRows() {
      for (let i = 0; i < assigned.length; i++) {
        const at = assigned[i]!;
        yield {
          id: id(i),
          contact_id: `bench-contact-${i}`,
          sla_id: 'bench-sla',
          sla_version: 1,
          team_id: 'bench-team',
          assignee_id: `bench-rep-${i % 50}`,
          status: 'open',
          grade: 'B',
          priority: 'normal',
          qualified_at: iso(at),
          assigned_at: iso(at),
          first_touch_due_at: iso(at + 60 * MINUTE),
          attempts: 0,
          attempts_required: 3,
          attempts_due_at: iso(at + 5 * DAY),
          decision_due_at: iso(at + 480 * MINUTE),
          next_due_at: iso(at + 60 * MINUTE),
          assignment_no: 1,
          previous_assignees: '[]',
          routing_reason: 'rule',
          created_at: iso(at),
          updated_at: iso(at),
        };
      }
    }
    function* timerRows() {
      for (let i = 0; i < assigned.length; i++) {
        const at = assigned[i]!;
        for (const [kind, offset] of TIMERS) {
          yield { handoff_id: id(i), assignment_no: 1, kind, due_at: iso(at + offset), created_at: iso(at) };
        }
      }
    }
    const anyDb = database.db as unknown as Parameters<typeof insertInBatches>[0];
    await insertInBatches(anyDb, 'handoffs', handoffRows());
    const timers = await insertInBatches(anyDb, 'handoff_timers', timerRows());
    // PostgreSQL's autovacuum analyses a freshly loaded table within a minute; the benchmark does it at once.
    if (database.dialect === 'postgres') await sql`analyze`.execute(database.db);
    const dueRow = await database.db
      .selectFrom('handoff_timers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('fired_at', 'is', null)
      .where('due_at', '<=', iso(now))
      .executeTakeFirstOrThrow();
    const due = Number(dueRow.n);
    const seconds = (performance.now() - started) / 1000;
    opts.log(`sla: ${opts.handoffs} handoffs, ${timers} timers (${due} due now) written in ${seconds.toFixed(1)} s`);
    // Small --sla-handoffs runs have fewer due timers: as many full sweeps as there are, at least 5.
    const sweeps = Math.min(opts.sweeps, Math.floor(due / opts.batch) - WARMUP_SWEEPS);
    if (sweeps < 5) throw new BenchFailure(`sla: only ${due} timers are due, too few for 5 sweeps of ${opts.batch}`);

    const clock = fixedClock(iso(now));
    const sweeper = createHandoffTimers({ database, clock, outbox: createOutbox({ clock }), batchSize: opts.batch });
    const samples: number[] = [];
    for (let i = 0; i < WARMUP_SWEEPS + sweeps; i++) {
      const t0 = performance.now();
      const fired = await sweeper.sweep();
      const ms = performance.now() - t0;
      if (fired !== opts.batch) throw new BenchFailure(`sla: a sweep fired ${fired} timers, expected ${opts.batch}`);
      if (i >= WARMUP_SWEEPS) samples.push(ms);
    }
    samples.sort((a, b) => a - b);
    const result = {
      handoffs: opts.handoffs,
      timers,
      due,
      medianMs: percentile(samples, 50),
      p99Ms: percentile(samples, 99),
      seconds,
    };
    opts.log(
      `sla: ${sweeps} sweeps of ${opts.batch} timers: median ${result.medianMs.toFixed(3)} ms, ` +
        `p99 ${result.p99Ms.toFixed(3)} ms`,
    );
    return result;
  } finally {
    await database?.close();
    await env.cleanup();
  }
}
