import type { Database } from '../../db/database.js';
import type { DomainEvent, Outbox } from '../../jobs/outbox.js';
import type { Clock } from '../../shared/clock.js';
import { createPollLoop } from '../../shared/poll-loop.js';
import { isTimerKind, stepOf } from './clocks.js';
import { createHandoffsRepository, type TimerRow } from './handoffs.repository.js';
import { TIMER_EVENTS } from './handoffs.service.js';

export interface HandoffTimersLogger {
  error(obj: object, msg?: string): void;
}

export interface HandoffTimersOptions {
  database: Database;
  clock: Clock;
  outbox: Outbox;
  log?: HandoffTimersLogger | undefined;
  /** Timers one sweep fires at most (one transaction). */
  batchSize?: number;
  /** Pause between sweeps when the last one found fewer than batchSize due timers. */
  intervalMs?: number;
}

export interface HandoffTimers {
  /** Fires up to `limit` due timers in one transaction; returns how many. */
  sweep(limit?: number): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

/** The outbox event of a fired timer: its reaction (handoffs.service.ts onTimer) does the work. */
function eventOf(timer: TimerRow): DomainEvent {
  const step = isTimerKind(timer.kind) ? stepOf(timer.kind) : 'breach';
  return {
    type: TIMER_EVENTS[step],
    aggregateType: 'handoff',
    aggregateId: timer.handoff_id,
    payload: {
      handoffId: timer.handoff_id,
      timerId: Number(timer.id),
      kind: timer.kind,
      dueAt: timer.due_at,
      assignmentNo: Number(timer.assignment_no),
    },
  };
}

/**
 * The timer sweep: about every second (0.75 to 1.25 s, drawn each time), the due timers (earliest first, a
 * bounded batch) are marked fired and their outbox events written in the same transaction, so each timer
 * fires exactly once across restarts and processes: a sweep that dies before committing fired nothing (the
 * next one takes the same timers), and concurrent sweepers on PostgreSQL take disjoint timers (SKIP LOCKED;
 * see the repository's fireDue). The reactions then notify and reassign through the outbox worker, exactly
 * once as well. Timers are rows with their due times, so nothing is lost while no process runs: the first
 * sweep after a start fires everything that came due meanwhile.
 */
export function createHandoffTimers(options: HandoffTimersOptions): HandoffTimers {
  const { database, clock, outbox, log } = options;
  const db = database.db;
  const repo = createHandoffsRepository(db);
  const batchSize = options.batchSize ?? 100;
  const intervalMs = options.intervalMs ?? 1000;

  async function sweep(limit = batchSize): Promise<number> {
    const fired = await db.transaction().execute(async (trx) => {
      const rows = await repo.fireDue(trx, clock.now().toISOString(), limit);
      await outbox.enqueue(trx, rows.map(eventOf));
      return rows.length;
    });
    if (fired > 0) outbox.notify();
    return fired;
  }

  // A full batch: more are due, go on at once.
  const loop = createPollLoop({
    step: async () => (await sweep()) === batchSize,
    intervalMs,
    // Several processes sweep in turns rather than in lockstep (see createPollLoop).
    jitter: 0.25,
    onError: (err) => log?.error({ err }, 'handoff timer sweep failed'),
  });

  return {
    sweep,
    start: () => loop.start(),
    stop: () => loop.stop(),
  };
}
