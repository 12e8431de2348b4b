import { parseJson, type Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { mailErrorText, type Mailer } from '../../shared/mailer.js';
import { createPollLoop } from '../../shared/poll-loop.js';
import { createHandoffsRepository } from './handoffs.repository.js';
import { notificationMail } from './notification-mail.js';

export interface NotificationMailSenderOptions {
  database: Database;
  clock: Clock;
  mailer: Mailer;
  publicUrl: string;
  log?: { error(obj: object, msg?: string): void; warn(obj: object, msg?: string): void } | undefined;
  /** Emails one round claims at most. */
  batchSize?: number;
  intervalMs?: number;
  /** How long a claim holds before another sender may take the email over (a sender that died). */
  leaseMs?: number;
  /** Attempts before an email is given up (`failed`, with the last error). */
  maxAttempts?: number;
}

/** Minutes to wait before attempt n + 1 (n = attempts so far): 1, 2, 4, 8 ... capped at an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;
}

/**
 * Emails the notifications written while SMTP is configured (mail_state `pending`), outside any database
 * transaction: a slow mail server never holds a write lock. Each round claims due emails with a lease (on
 * PostgreSQL, concurrent senders take disjoint rows), sends them, and records `sent`, a retry with backoff,
 * or `failed` after `maxAttempts`. Delivery is at least once: a sender that dies after the server accepted an
 * email but before recording it leaves it to be sent again when the lease ends (SMTP offers no way to ask
 * whether a message was already delivered). Recipients who are no longer active users get nothing.
 */
export function createNotificationMailSender(options: NotificationMailSenderOptions) {
  const { database, clock, mailer, publicUrl, log } = options;
  const repo = createHandoffsRepository(database.db);
  const batchSize = options.batchSize ?? 20;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const maxAttempts = options.maxAttempts ?? 6;

  /** One round: returns how many claimed emails it handled. */
  async function sendDue(): Promise<number> {
    const now = clock.now();
    const claims = await repo.claimMail(now.toISOString(), new Date(now.getTime() + leaseMs).toISOString(), batchSize);
    for (const { notification: n, recipient } of claims) {
      const at = clock.now();
      if (!recipient) {
        await repo.finishMail(n.id, {
          state: 'failed',
          at: at.toISOString(),
          error: 'recipient is not an active user',
        });
        continue;
      }
      const payload = parseJson<Record<string, unknown>>(n.payload, {});
      const mail = notificationMail({ kind: n.kind, payload, contactId: n.contact_id, recipient, publicUrl });
      try {
        await mailer.send({ to: { name: recipient.name, address: recipient.email }, ...mail });
        await repo.finishMail(n.id, { state: 'sent', at: clock.now().toISOString() });
      } catch (err) {
        const error = mailErrorText(err);
        const attempts = Number(n.mail_attempts) + 1;
        if (attempts >= maxAttempts) {
          log?.error({ notificationId: n.id, error, attempts }, 'notification email given up');
          await repo.finishMail(n.id, { state: 'failed', at: clock.now().toISOString(), error });
        } else {
          log?.warn({ notificationId: n.id, error, attempts }, 'notification email failed; will retry');
          await repo.retryMail(n.id, new Date(clock.now().getTime() + retryDelayMs(attempts)).toISOString(), error);
        }
      }
    }
    return claims.length;
  }

  const loop = createPollLoop({
    step: async () => (await sendDue()) === batchSize,
    intervalMs: options.intervalMs ?? 1000,
    onError: (err) => log?.error({ err }, 'notification email round failed'),
  });

  return { sendDue, start: () => loop.start(), stop: () => loop.stop() };
}

export type NotificationMailSender = ReturnType<typeof createNotificationMailSender>;
