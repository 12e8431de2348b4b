import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNotificationMailSender } from '../../src/modules/handoffs/index.js';
import { fixedClock } from '../../src/shared/clock.js';
import { createMailer, type Mailer } from '../../src/shared/mailer.js';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { expectingAs, routeEveryLeadTo, slaDocument } from '../support/sla.js';

interface Received {
  from: string;
  to: string[];
  data: string;
}

/** A real SMTP server on loopback that keeps what it receives, and can be told to refuse the next messages. */
async function smtpSink() {
  const received: Received[] = [];
  let refuse = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let data = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (data += chunk));
      stream.on('end', () => {
        if (refuse > 0) {
          refuse -= 1;
          const err = Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 });
          return callback(err);
        }
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    received,
    port: (server.server.address() as AddressInfo).port,
    refuseNext(n: number) {
      refuse = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const mailSla = (calendarId: string) =>
  slaDocument(calendarId, {
    marketing: { qualifiedLeads: 10, minFitGrade: 'D', acceptanceRateFloor: 0.5 },
    sales: { firstTouch: { rules: [], otherwiseMinutes: 60 }, attempts: { count: 1, withinBusinessDays: 1 } },
  });

/**
 * An SLA on an always-open calendar and a round-robin team with one rep: a contact handed to sales by
 * hand is assigned to the rep, who is notified.
 */
async function prepare(t: TestApp) {
  const admin = await t.user('admin');
  const rep = await t.user('sales_rep', { team: 'North', email: 'reza@example.test', name: 'Reza Rep' });
  await routeEveryLeadTo(t, admin, { team: 'North', reps: [rep], sla: { name: 'Standard', document: mailSla } });
  const ok = expectingAs(t, admin);

  async function handOff(firstName: string): Promise<string> {
    const created = await ok({ method: 'POST', url: '/api/v1/contacts', payload: { firstName, lastName: 'Lead' } });
    await ok({ method: 'POST', url: `/api/v1/contacts/${created.id}/handoff`, payload: {} });
    return created.id;
  }
  return { rep, handOff };
}

/** Decodes the quoted-printable / encoded-word parts of a raw message enough to search its text. */
const plain = (raw: string) => raw.replace(/=\r?\n/g, '');

describe.each(dialects())('notification emails on %s', (dialect) => {
  let smtp: Awaited<ReturnType<typeof smtpSink>>;
  let t: TestApp;
  let rep: TestUser;
  let handOff: (firstName: string) => Promise<string>;
  const clock = fixedClock(new Date('2027-01-04T10:00:00.000Z'));

  beforeAll(async () => {
    smtp = await smtpSink();
    t = await createTestApp(dialect, {
      clock,
      config: {
        smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Tandem <tandem@crm.example>' },
        publicUrl: 'https://crm.example',
      },
    });
    ({ rep, handOff } = await prepare(t));
  });
  afterAll(async () => {
    for (const mailer of mailers) mailer.close();
    await t.close();
    await smtp.close();
  });
  beforeEach(() => {
    smtp.received.length = 0;
  });

  const mailers: Mailer[] = [];
  const sender = (maxAttempts = 3) => {
    const mailer = createMailer(t.app.tandem.config.smtp)!;
    mailers.push(mailer);
    return createNotificationMailSender({
      database: t.app.tandem.database,
      clock,
      mailer,
      publicUrl: t.app.tandem.config.publicUrl,
      maxAttempts,
    });
  };

  const mailStates = async () =>
    t.app.tandem.database.db
      .selectFrom('notifications')
      .select(['kind', 'mail_state', 'mail_attempts', 'mail_error', 'mail_next_at'])
      .where('user_id', '=', rep.user.id)
      .orderBy('created_at')
      .execute();

  it('emails the rep their new lead once, outside the request, with a link to it', async () => {
    const contactId = await handOff('Sara');
    // Written with the notification, sent by the sender: nothing went out during the request.
    expect(smtp.received).toHaveLength(0);
    expect((await mailStates()).at(-1)).toMatchObject({ kind: 'handoff.assigned', mail_state: 'pending' });

    const s = sender();
    expect(await s.sendDue()).toBe(1);
    expect(await s.sendDue()).toBe(0);
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toEqual(['reza@example.test']);
    expect(mail.from).toBe('tandem@crm.example');
    expect(mail.data).toContain('Subject: New lead: Sara Lead');
    expect(plain(mail.data)).toContain(`https://crm.example/contacts/${contactId}`);
    expect((await mailStates()).at(-1)).toMatchObject({ mail_state: 'sent', mail_attempts: 1 });
  });

  it('retries a refused email later, and gives up after the last attempt with the reason', async () => {
    await handOff('Omid');
    const s = sender(2);
    smtp.refuseNext(1);
    expect(await s.sendDue()).toBe(1);
    let state = (await mailStates()).at(-1)!;
    expect(state).toMatchObject({ mail_state: 'pending', mail_attempts: 1 });
    expect(state.mail_error).toContain('451');
    // Not due again until the backoff has passed.
    expect(await s.sendDue()).toBe(0);
    expect(smtp.received).toHaveLength(0);

    clock.advance(60_000);
    smtp.refuseNext(1);
    expect(await s.sendDue()).toBe(1);
    state = (await mailStates()).at(-1)!;
    expect(state).toMatchObject({ mail_state: 'failed', mail_attempts: 2, mail_next_at: null });
    clock.advance(3_600_000);
    expect(await s.sendDue()).toBe(0);
    expect(smtp.received).toHaveLength(0);
  });

  it('takes over an email whose sender died after claiming it, once the lease is over', async () => {
    await handOff('Leila');
    const db = t.app.tandem.database.db;
    const crashed = await db
      .updateTable('notifications')
      .set({ mail_state: 'sending', mail_next_at: new Date(clock.now().getTime() + 300_000).toISOString() })
      .where('mail_state', '=', 'pending')
      .executeTakeFirst();
    expect(Number(crashed.numUpdatedRows)).toBe(1);
    const s = sender();
    expect(await s.sendDue()).toBe(0);
    clock.advance(300_000);
    expect(await s.sendDue()).toBe(1);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.data).toContain('Subject: New lead: Leila Lead');
  });
});

describe.each(dialects())('without SMTP on %s', (dialect) => {
  it('notifies in-app only', async () => {
    const t = await createTestApp(dialect);
    try {
      expect(t.app.tandem.config.smtp.host).toBeUndefined();
      const { rep, handOff } = await prepare(t);
      await handOff('Sara');
      const rows = await t.app.tandem.database.db
        .selectFrom('notifications')
        .select(['kind', 'mail_state'])
        .where('user_id', '=', rep.user.id)
        .execute();
      expect(rows).toEqual([{ kind: 'handoff.assigned', mail_state: null }]);
    } finally {
      await t.close();
    }
  });
});
