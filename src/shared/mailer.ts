import nodemailer from 'nodemailer';
import type { Config } from '../config.js';

export interface OutgoingMail {
  to: { name: string; address: string };
  subject: string;
  text: string;
}

/** Sends one email; rejects when the server refused it or could not be reached. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * SMTP through nodemailer (pooled connections, STARTTLS when the server offers it, TLS from the start with
 * SMTP_SECURE), or null when SMTP_HOST is not set: the app then notifies in-app only. Credentials stay in
 * the transport: errors are reported by code and server answer, never with the configuration.
 */
export function createMailer(smtp: Config['smtp']): Mailer | null {
  if (!smtp.host) return null;
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    pool: true,
    maxConnections: 2,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
  });
  return {
    async send(mail) {
      await transport.sendMail({ from: smtp.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close() {
      transport.close();
    },
  };
}

/** What a failed send says, safe to store and log: the error's code and the server's answer, shortened. */
export function mailErrorText(err: unknown): string {
  const e = err as { code?: unknown; responseCode?: unknown; response?: unknown; message?: unknown };
  const parts = [
    typeof e?.code === 'string' ? e.code : null,
    typeof e?.responseCode === 'number' ? String(e.responseCode) : null,
    typeof e?.response === 'string' ? e.response : typeof e?.message === 'string' ? e.message : null,
  ].filter((p): p is string => p !== null);
  return (parts.join(' ') || 'unknown error').slice(0, 500);
}
