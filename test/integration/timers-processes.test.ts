import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/db/schema.js';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { expectingAs, routeEveryLeadTo, slaDocument } from '../support/sla.js';

/**
 * The SLA issue's "timers survive restarts and run safely with several server processes on one PostgreSQL:
 * no escalation is sent twice and none is lost", with real operating-system processes: two Tandem servers
 * (the production entry point, src/main.ts, with the outbox worker and the timer sweep on) share one
 * PostgreSQL schema; one is killed with SIGKILL while they work (no shutdown hook runs; whatever it had in
 * flight, an open transaction or leased outbox entries, is simply cut off) and a replacement is started.
 * Every timer must then have fired once, acted once, and every outbox entry been handled once.
 *
 * How "once" is observed. The final rows alone cannot show a double firing (a second sweep that set
 * `fired_at` again, or a second reaction that found the timer's outcome already set and did nothing, leaves
 * the same final state), so the test puts AFTER triggers on the schema that append a witness row, in the
 * same transaction, each time `handoff_timers.fired_at` or `.outcome` is written and each time an outbox
 * entry is marked processed, naming the PostgreSQL session's application_name (one per process). A witness
 * row exists exactly when the change committed; a timer fired twice leaves two, and the test fails (as it
 * does when a timer fired twice writes two outbox events, or its reaction sends a second notification). The
 * same rows tell which process did what, so the test also proves both processes really shared the work.
 *
 * How the clocks come due quickly. The handoffs are made through the API at the real time; their SLA gives
 * the first touch 60 business minutes on an always-open calendar, so the reminder (at half the time), the
 * breach and the reassignment (a minute after the breach) are 30, 60 and 61 minutes away, and the attempts
 * and decision clocks hours away. The test moves the due times of the reminders and breaches to the next
 * few seconds (spread out, so the sweeps of both processes take them over several rounds), and a
 * handoff's reassignment to "now" once its reminder and breach have acted, as in real time, where the
 * reassignment comes a minute after the breach (and a crashed process's leases run out after 30 seconds):
 * otherwise a reassignment could overtake them and they would be skipped as superseded, correctly but not
 * what this test counts. The servers use the system clock; nothing else is changed.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SERVER = join(ROOT, 'src', 'main.ts');
const HANDOFFS = 48;
/** Reminders and breaches come due spread over this many milliseconds once both processes run. */
const SPREAD_MS = 6000;
const REMINDER = 'first_touch.remind';
const BREACH = 'first_touch.breach';
const REASSIGN = 'first_touch.reassign';

const timerSla = (calendarId: string) =>
  slaDocument(calendarId, {
    marketing: { qualifiedLeads: 10, minFitGrade: 'D', acceptanceRateFloor: 0.5 },
    sales: { firstTouch: { rules: [], otherwiseMinutes: 60 }, attempts: { count: 1, withinBusinessDays: 1 } },
    escalation: { remindAtShare: 0.5, reassignAfterMinutes: 1 },
  });

/** Witness rows, written by triggers in the transaction that makes the change (see the file comment). */
async function installWitness(db: Kysely<DB>, schema: string): Promise<void> {
  const s = `"${schema}"`;
  for (const statement of [
    `create table ${s}.test_witness (
       id bigserial primary key, what text not null, row_id bigint not null, app text not null)`,
    `create function ${s}.test_witness_timer() returns trigger language plpgsql as $$
     begin
       insert into ${s}.test_witness (what, row_id, app) values (tg_argv[0], new.id, current_setting('application_name'));
       return null;
     end $$`,
    // UPDATE OF: the trigger runs whenever the statement assigns the column, whatever the old value was.
    `create trigger test_witness_fired after update of fired_at on ${s}.handoff_timers
       for each row execute function ${s}.test_witness_timer('fired')`,
    `create trigger test_witness_outcome after update of outcome on ${s}.handoff_timers
       for each row execute function ${s}.test_witness_timer('outcome')`,
    `create trigger test_witness_processed after update of processed_at on ${s}.outbox
       for each row when (new.processed_at is not null) execute function ${s}.test_witness_timer('processed')`,
  ]) {
    await sql.raw(statement).execute(db);
  }
}

interface Server {
  name: string;
  child: ChildProcess;
  /** Its stdout and stderr, for the failure message. */
  output: string[];
  ready: Promise<void>;
  exited: Promise<void>;
  exitedYet: boolean;
}

// PostgreSQL only: several server processes on one database is a PostgreSQL deployment (the timers' and the
// outbox's SKIP LOCKED paths); an SQLite file has one writer. Skipped when DIALECTS leaves PostgreSQL out.
describe.skipIf(!dialects().includes('postgres'))(
  'SLA timers with two server processes on one PostgreSQL and a SIGKILL in the middle (PostgreSQL only)',
  () => {
    let t: TestApp;
    let db: Kysely<DB>;
    let dataDir: string;
    const servers: Server[] = [];
    let admin: TestUser;
    let manager: TestUser;
    let reps: TestUser[];

    function startServer(name: string): Server {
      const cfg = t.app.tandem.config.database;
      if (cfg.dialect !== 'postgres' || !cfg.schema) throw new Error('a PostgreSQL schema is expected');
      const url = new URL(cfg.url);
      url.searchParams.set('application_name', `tandem-${name}`);
      const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          TMPDIR: process.env.TMPDIR,
          DATABASE_URL: url.toString(),
          DATABASE_SCHEMA: cfg.schema,
          DATA_DIR: join(dataDir, name),
          WEB_DIR: join(dataDir, 'no-web'),
          SESSION_SECRET: 'x'.repeat(48),
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'info',
          LOG_FORMAT: 'json',
          WORKER_ENABLED: 'true',
          WORKER_POLL_MS: '50',
          // Small batches: the two workers interleave more.
          WORKER_BATCH_SIZE: '20',
        },
      });
      const output: string[] = [];
      let onReady: () => void = () => {};
      let onFailure: (err: Error) => void = () => {};
      const ready = new Promise<void>((resolve, reject) => {
        onReady = resolve;
        onFailure = reject;
      });
      const collect = (chunk: Buffer) => {
        output.push(chunk.toString('utf8'));
        if (output.join('').includes('"msg":"Tandem is running"')) onReady();
      };
      child.stdout?.on('data', collect);
      child.stderr?.on('data', collect);
      const server: Server = { name, child, output, ready, exited: Promise.resolve(), exitedYet: false };
      server.exited = new Promise<void>((resolve) => {
        child.once('exit', (code, signal) => {
          server.exitedYet = true;
          onFailure(new Error(`server ${name} exited before it was ready (${code ?? signal}):\n${output.join('')}`));
          resolve();
        });
      });
      const timeout = setTimeout(() => onFailure(new Error(`server ${name} not ready after 30 s`)), 30_000);
      void ready.finally(() => clearTimeout(timeout)).catch(() => {});
      servers.push(server);
      return server;
    }

    async function stop(server: Server, signal: NodeJS.Signals): Promise<void> {
      if (server.exitedYet) return;
      server.child.kill(signal);
      const escalate = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
      await server.exited;
      clearTimeout(escalate);
    }

    const rows = async <R>(query: string): Promise<R[]> => [...(await sql.raw<R>(query).execute(db)).rows];
    const count = async (query: string): Promise<number> => Number((await rows<{ n: string }>(query))[0]!.n);

    /** Witness rows per process and kind. */
    async function witnessed(): Promise<Map<string, number>> {
      const byKey = new Map<string, number>();
      for (const r of await rows<{ app: string; what: string; n: string }>(
        'select app, what, count(*) as n from test_witness group by app, what',
      ))
        byKey.set(`${r.app}:${r.what}`, Number(r.n));
      return byKey;
    }

    /**
     * A handoff's reassignment comes due once its reminder and breach have acted (see the file comment).
     * Reassignment timers not moved yet still carry their planned due time, an hour away.
     */
    const releaseReassignments = () =>
      sql`
      update handoff_timers r set due_at = now()
      where r.kind = ${REASSIGN} and r.assignment_no = 1 and r.fired_at is null
        and r.due_at > now() + interval '10 minutes'
        and not exists (
          select 1 from handoff_timers p
          where p.handoff_id = r.handoff_id and p.kind in (${REMINDER}, ${BREACH}) and p.outcome is null
        )`.execute(db);

    /** Should this test process end abruptly, its servers do not outlive it. */
    const killServers = () => {
      for (const s of servers) if (!s.exitedYet) s.child.kill('SIGKILL');
    };

    beforeAll(async () => {
      process.once('exit', killServers);
      dataDir = mkdtempSync(join(tmpdir(), 'tandem-processes-'));
      // This process only prepares and checks: its own worker and sweep stay off.
      t = await createTestApp('postgres', { worker: false });
      db = t.app.tandem.database.db;
      admin = await t.user('admin');
      manager = await t.user('sales_manager', { team: 'North' });
      reps = [
        await t.user('sales_rep', { team: 'North' }),
        await t.user('sales_rep', { team: 'North' }),
        await t.user('sales_rep', { team: 'North' }),
      ];
      await routeEveryLeadTo(t, admin, { team: 'North', reps, sla: { name: 'Fast', document: timerSla } });
      const ok = expectingAs(t, admin);
      for (let i = 0; i < HANDOFFS; i++) {
        const contact = await ok({
          method: 'POST',
          url: '/api/v1/contacts',
          payload: { firstName: `Lead${i}`, lastName: 'Processes' },
        });
        await ok({ method: 'POST', url: `/api/v1/contacts/${contact.id}/handoff`, payload: {} });
      }
      const cfg = t.app.tandem.config.database;
      if (cfg.dialect !== 'postgres' || !cfg.schema) throw new Error('a PostgreSQL schema is expected');
      await installWitness(db, cfg.schema);
    }, 60_000);

    afterAll(async () => {
      // Children first: the schema cannot be dropped under their feet.
      await Promise.all(servers.map((s) => stop(s, 'SIGKILL')));
      process.off('exit', killServers);
      await t?.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }, 60_000);

    it('fires every due timer exactly once, loses none, and hands every outbox entry once', async () => {
      const started = Date.now();
      // The plan: every handoff assigned to one of the reps, with its first-touch reminder, breach and
      // reassignment an hour away at most and its other clocks hours away.
      const handoffs = await rows<{ id: string; assignee_id: string; assignment_no: number }>(
        'select id, assignee_id, assignment_no from handoffs order by created_at, id',
      );
      expect(handoffs).toHaveLength(HANDOFFS);
      const repIds = reps.map((r) => r.user.id);
      for (const h of handoffs) {
        expect(repIds).toContain(h.assignee_id);
        expect(Number(h.assignment_no)).toBe(1);
      }
      const originalAssignee = new Map(handoffs.map((h) => [h.id, h.assignee_id]));
      const timers = await rows<{ id: string; handoff_id: string; kind: string; minutes: number }>(
        `select id, handoff_id, kind, extract(epoch from due_at - now()) / 60 as minutes from handoff_timers
       where fired_at is null order by id`,
      );
      const tracked = timers.filter((x) => [REMINDER, BREACH, REASSIGN].includes(x.kind));
      expect(tracked).toHaveLength(3 * HANDOFFS);
      for (const x of tracked) expect(Number(x.minutes)).toBeLessThan(62);
      for (const x of timers.filter((y) => !tracked.includes(y))) expect(Number(x.minutes)).toBeGreaterThan(60);
      const trackedIds = new Set(tracked.map((x) => Number(x.id)));

      const a = startServer('a');
      const b = startServer('b');
      await Promise.all([a.ready, b.ready]);
      const bothUpMs = Date.now() - started;

      // The reminders and breaches come due over the next SPREAD_MS, a handoff's reminder before its breach.
      await sql`
      update handoff_timers t
      set due_at = now() + make_interval(secs => o.k * cast(${SPREAD_MS / 1000 / (2 * HANDOFFS)} as double precision))
      from (
        select id, row_number() over (order by id) as k from handoff_timers
        where kind in (${REMINDER}, ${BREACH}) and fired_at is null
      ) o
      where t.id = o.id`.execute(db);

      // Kill A in the middle: once both processes fired timers and A handled outbox entries, and at least
      // 30% of the timers fired (never after the last).
      const total = 3 * HANDOFFS;
      let firedAtKill = 0;
      for (;;) {
        await releaseReassignments();
        const w = await witnessed();
        firedAtKill = [...w].filter(([k]) => k.endsWith(':fired')).reduce((n, [, v]) => n + v, 0);
        const ready =
          (w.get('tandem-a:fired') ?? 0) > 0 &&
          (w.get('tandem-a:processed') ?? 0) > 0 &&
          (w.get('tandem-b:fired') ?? 0) > 0 &&
          firedAtKill >= total * 0.3;
        if (ready) break;
        if (firedAtKill >= total || Date.now() - started > 45_000) {
          throw new Error(`no moment to kill A in the middle: ${JSON.stringify([...w])}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      // Preferably while A is inside a transaction (a sweep or a batch of reactions), to cut it off mid-way.
      let inTransaction = false;
      for (const until = Date.now() + 1000; Date.now() < until && !inTransaction;) {
        inTransaction =
          (await count(
            `select count(*) as n from pg_stat_activity
           where application_name = 'tandem-a' and xact_start is not null and state <> 'idle'`,
          )) > 0;
      }
      await stop(a, 'SIGKILL');
      const killedAtMs = Date.now() - started;
      // PostgreSQL ends A's sessions (rolling back what they had open) once it reads their closed sockets; a
      // COMMIT already sent may still land until then. After that, A's share is final.
      while ((await count(`select count(*) as n from pg_stat_activity where application_name = 'tandem-a'`)) > 0) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const atKill = await witnessed();
      const firedByAAtKill = atKill.get('tandem-a:fired') ?? 0;
      firedAtKill = [...atKill].filter(([k]) => k.endsWith(':fired')).reduce((n, [, v]) => n + v, 0);
      expect(firedAtKill, 'A was killed after every timer had fired').toBeLessThan(total);

      // The restart: a new process takes A's place.
      const c = startServer('c');
      await c.ready;

      // Wait until every timer acted and the outbox is empty. Entries A had leased when it died wait for
      // their lease (30 s) to run out.
      const deadline = Date.now() + 50_000;
      for (;;) {
        await releaseReassignments();
        const acted = await count(
          `select count(*) as n from handoff_timers
         where assignment_no = 1 and kind in ('${REMINDER}', '${BREACH}', '${REASSIGN}') and outcome is not null`,
        );
        const pending = await count('select count(*) as n from outbox where processed_at is null');
        if (acted === total && pending === 0) break;
        if (Date.now() > deadline) {
          throw new Error(
            `not done after 50 s: ${acted}/${total} timers acted, ${pending} outbox entries pending\n` +
              servers.map((s) => `--- ${s.name}\n${s.output.join('').slice(-4000)}`).join('\n'),
          );
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      const doneMs = Date.now() - started;
      // Let any straggling sweep or batch finish, then stop the survivors as an operator would.
      await new Promise((r) => setTimeout(r, 500));
      await Promise.all([stop(b, 'SIGTERM'), stop(c, 'SIGTERM')]);

      // 1. Each due timer fired exactly once, and nothing else fired.
      const fired = await rows<{ row_id: string; n: string }>(
        `select row_id, count(*) as n from test_witness where what = 'fired' group by row_id`,
      );
      expect(
        fired.filter((r) => Number(r.n) !== 1),
        'timers fired more than once',
      ).toEqual([]);
      expect(new Set(fired.map((r) => Number(r.row_id)))).toEqual(trackedIds);
      // 2. Each acted exactly once, with the expected outcome.
      const outcomes = await rows<{ row_id: string; n: string }>(
        `select row_id, count(*) as n from test_witness where what = 'outcome' group by row_id`,
      );
      expect(
        outcomes.filter((r) => Number(r.n) !== 1),
        'outcomes written more than once',
      ).toEqual([]);
      expect(new Set(outcomes.map((r) => Number(r.row_id)))).toEqual(trackedIds);
      const byKind = await rows<{ kind: string; outcome: string; n: string }>(
        `select kind, outcome, count(*) as n from handoff_timers
       where assignment_no = 1 and fired_at is not null group by kind, outcome order by kind`,
      );
      expect(byKind.map((r) => [r.kind, r.outcome, Number(r.n)])).toEqual([
        [BREACH, 'notified', HANDOFFS],
        [REASSIGN, 'reassigned', HANDOFFS],
        [REMINDER, 'reminded', HANDOFFS],
      ]);
      // Exactly one outbox event per fired timer.
      const timerEvents = await rows<{ timer_id: string; n: string }>(
        `select payload->>'timerId' as timer_id, count(*) as n from outbox
       where type in ('handoff.reminder_due', 'handoff.breached', 'handoff.reassign_due') group by 1`,
      );
      expect(
        timerEvents.filter((r) => Number(r.n) !== 1),
        'timer events written twice',
      ).toEqual([]);
      expect(new Set(timerEvents.map((r) => Number(r.timer_id)))).toEqual(trackedIds);

      // 3. One notification per recipient per timer: the rep is reminded and told of the breach, the manager
      // of the escalation; the reassignment tells the new rep and the one it was taken from.
      const notes = await rows<{ kind: string; handoff_id: string; user_id: string; reason: string | null }>(
        `select kind, handoff_id, user_id, payload->>'reason' as reason from notifications order by created_at, id`,
      );
      const expected: string[] = [];
      const actual = notes.map((n) => `${n.handoff_id} ${n.kind} ${n.user_id}`);
      const handoffRows = await rows<{
        id: string;
        assignee_id: string;
        assignment_no: number;
        previous_assignees: unknown;
        status: string;
      }>('select id, assignee_id, assignment_no, previous_assignees, status from handoffs');
      const now = new Map(handoffRows.map((h) => [h.id, h]));
      for (const [id, rep] of originalAssignee) {
        const after = now.get(id)!;
        expected.push(
          `${id} handoff.assigned ${rep}`,
          `${id} handoff.reminder ${rep}`,
          `${id} handoff.breached ${rep}`,
          `${id} handoff.escalated ${manager.user.id}`,
          `${id} handoff.assigned ${after.assignee_id}`,
          `${id} handoff.reassigned_away ${rep}`,
        );
      }
      expect(actual.sort()).toEqual(expected.sort());
      expect(notes.filter((n) => n.kind === 'handoff.assigned' && n.reason === 'reassigned')).toHaveLength(HANDOFFS);

      // 4. Each handoff was reassigned exactly once: to another rep of the team, with its audit entry, its
      // event, and one new set of clocks (none of which has come due).
      for (const [id, rep] of originalAssignee) {
        const after = now.get(id)!;
        expect(after.status).toBe('open');
        expect(Number(after.assignment_no)).toBe(2);
        expect(after.previous_assignees).toEqual([rep]);
        expect(after.assignee_id).not.toBe(rep);
        expect(repIds).toContain(after.assignee_id);
      }
      const perHandoff = async (query: string) =>
        new Map((await rows<{ id: string; n: string }>(query)).map((r) => [r.id, Number(r.n)]));
      const audits = await perHandoff(
        `select entity_id as id, count(*) as n from audit_log
       where entity_type = 'handoff' and action = 'reassign' group by entity_id`,
      );
      const reassignedEvents = await perHandoff(
        `select aggregate_id as id, count(*) as n from outbox where type = 'handoff.reassigned' group by aggregate_id`,
      );
      const newClocks = await perHandoff(
        `select handoff_id as id, count(*) as n from handoff_timers where assignment_no = 2 group by handoff_id`,
      );
      for (const id of originalAssignee.keys()) {
        expect(audits.get(id), `audit of ${id}`).toBe(1);
        expect(reassignedEvents.get(id), `handoff.reassigned of ${id}`).toBe(1);
        expect(newClocks.get(id), `new timers of ${id}`).toBe(timers.length / HANDOFFS);
      }
      // The first assignment's other clocks were cancelled by the reassignment, not fired.
      expect(await count('select count(*) as n from handoff_timers where assignment_no = 1')).toBe(total);
      expect(
        await count('select count(*) as n from handoff_timers where assignment_no = 2 and fired_at is not null'),
      ).toBe(0);

      // 5. The outbox: every entry handled exactly once, none dead, none left.
      const outboxTotal = await count('select count(*) as n from outbox');
      const processed = await rows<{ row_id: string; n: string }>(
        `select row_id, count(*) as n from test_witness where what = 'processed' group by row_id`,
      );
      expect(
        processed.filter((r) => Number(r.n) !== 1),
        'outbox entries handled twice',
      ).toEqual([]);
      expect(processed).toHaveLength(outboxTotal);
      expect(await count('select count(*) as n from outbox where processed_at is null')).toBe(0);
      expect(await count('select count(*) as n from outbox where last_error is not null')).toBe(0);

      // 6. Not vacuous: both processes fired timers and handled entries before the kill, the kill came in the
      // middle, and the survivors finished A's share.
      const w = await witnessed();
      expect(firedByAAtKill).toBeGreaterThan(0);
      expect(w.get('tandem-a:fired')).toBe(firedByAAtKill);
      expect(w.get('tandem-a:processed') ?? 0).toBeGreaterThan(0);
      expect(w.get('tandem-b:fired') ?? 0).toBeGreaterThan(0);
      expect(w.get('tandem-b:processed') ?? 0).toBeGreaterThan(0);
      expect((w.get('tandem-b:fired') ?? 0) + (w.get('tandem-c:fired') ?? 0)).toBe(total - firedByAAtKill);
      const retried = await count('select count(*) as n from outbox where attempts > 1');
      // Warnings and errors the servers logged (lost leases, batches retried one by one), for the record.
      const complaints = new Map<string, number>();
      for (const s of servers) {
        for (const line of s.output.join('').split('\n')) {
          let entry: { level?: number; msg?: string };
          try {
            entry = JSON.parse(line) as typeof entry;
          } catch {
            continue; // not a log line, or the last one of a killed process, cut short
          }
          if ((entry.level ?? 0) < 40) continue;
          const key = `${s.name}: ${entry.msg ?? ''}`;
          complaints.set(key, (complaints.get(key) ?? 0) + 1);
        }
      }
      console.info(
        `[timers-processes] ${HANDOFFS} handoffs, ${total} timers, ${outboxTotal} outbox entries; ` +
          `both up at ${bothUpMs} ms, A killed at ${killedAtMs} ms (${firedAtKill}/${total} fired, ` +
          `in a transaction: ${inTransaction}), done at ${doneMs} ms; ` +
          `outbox entries leased more than once: ${retried}; witness ${JSON.stringify([...w])}; ` +
          `server warnings/errors ${JSON.stringify([...complaints])}`,
      );
    }, 120_000);
  },
);
