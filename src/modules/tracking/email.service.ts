import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { Outbox } from '../../jobs/outbox.js';
import type { Clock } from '../../shared/clock.js';
import { appendAudit } from '../audit/index.js';
import type { Actor } from '../auth/index.js';
import { AppError, forbidden, invalid } from '../../shared/errors.js';
import {
  MAX_LINK_TOKEN,
  readClick,
  readIdentify,
  readOpen,
  seal,
  withIdentityToken,
  type ClickPayload,
} from './email-links.js';
import { createEmailTrackingRepository } from './email.repository.js';
import { mayCarryIdentity, readableDomain } from './sites.js';
import { isBot } from './tracking.js';
import type { ContactEvent } from './tracking.service.js';

/** How long the identity token riding on a clicked link's destination stays usable. */
const IDENTIFY_TTL_SECONDS = 7 * 24 * 3600;

export interface EmailTrackingDeps {
  database: Database;
  clock: Clock;
  outbox: Outbox;
  record: (
    trx: Kysely<DB>,
    contactId: string,
    event: ContactEvent & { campaign?: string | null | undefined },
    visitorId: string | null,
  ) => Promise<void>;
  identify: (trx: Kysely<DB>, visitorId: string, contactId: string) => Promise<number>;
}

/**
 * Email engagement: signed click links and open pixels per message, and the identity hand-over from a
 * clicked link to the landing page's tracking script. The signing key lives in the database (created once),
 * so every server process agrees on it and nothing secret is in the configuration or the logs.
 */
export function createEmailTrackingService(deps: EmailTrackingDeps) {
  const { clock, outbox } = deps;
  const db = deps.database.db;
  const repo = createEmailTrackingRepository();
  let key: Promise<Buffer> | null = null;
  const signingKey = () => {
    key ??= repo.secret(db, 'email_links', clock.now().toISOString()).catch((err: unknown) => {
      key = null;
      throw err;
    });
    return key;
  };

  async function recordFor(contactId: string, event: ContactEvent & { campaign?: string | undefined }) {
    const current = await repo.currentContact(db, contactId);
    if (!current) return null;
    try {
      await db.transaction().execute((trx) => deps.record(trx, current, event, null));
    } catch (err) {
      // Deleted between the lookup and the append: as if it had gone before (the click still redirects).
      if (err instanceof AppError && err.kind === 'not_found') return null;
      throw err;
    }
    outbox.notify();
    return current;
  }

  return {
    /** Links for one message to one contact: the click URL for a destination and the open pixel. */
    async links(
      origin: string,
      input: { contactId: string; messageId: string; url: string; campaign?: string | undefined },
    ): Promise<{ clickUrl: string; openPixelUrl: string }> {
      const k = await signingKey();
      const click: ClickPayload = input;
      const clickToken = seal(k, 'click', click);
      // Non-ASCII addresses and ids take several bytes a character in the signed payload: a link the server
      // could not read back is refused now rather than answered with an error when someone clicks it.
      if (clickToken.length > MAX_LINK_TOKEN) {
        throw invalid('url', 'Too long for a tracked link with this message id and campaign: shorten the address.');
      }
      return {
        clickUrl: `${origin}/t/c/${clickToken}`,
        openPixelUrl: `${origin}/t/o/${seal(k, 'open', { contactId: input.contactId, messageId: input.messageId, campaign: input.campaign })}.gif`,
      };
    },

    /**
     * A click: the signed destination or null for a link that does not verify. A destination on a tracked
     * site or on Tandem's own host (`ownOrigin`) gets an identity token for the landing page's script; any
     * other site gets the plain address. Mail scanners that open links are recognised by user agent and not
     * counted.
     */
    async click(token: string, userAgent: string | undefined, ownOrigin: string): Promise<string | null> {
      const link = readClick(await signingKey(), token);
      if (!link) return null;
      const contactId = isBot(userAgent)
        ? await repo.currentContact(db, link.contactId)
        : await recordFor(link.contactId, {
            type: 'email_clicked',
            url: link.url,
            campaign: link.campaign,
            properties: { emailId: link.messageId },
          });
      // As a URL (percent-encoded): a raw non-ASCII destination is not a valid Location header.
      if (!contactId) return new URL(link.url).href;
      const sites = (await repo.trackedSites(db))?.domains ?? [];
      if (!mayCarryIdentity(link.url, sites, ownOrigin)) return new URL(link.url).href;
      const exp = Math.floor(clock.now().getTime() / 1000) + IDENTIFY_TTL_SECONDS;
      return withIdentityToken(link.url, seal(await signingKey(), 'identify', { contactId, exp }));
    },

    /** The websites whose pages may receive a clicked link's identity token (none listed until saved). */
    async trackedSites(): Promise<{ domains: string[]; updatedBy: string | null; updatedAt: string | null }> {
      const saved = await repo.trackedSites(db);
      return saved
        ? { ...saved, domains: saved.domains.map(readableDomain) }
        : { domains: [], updatedBy: null, updatedAt: null };
    },

    /** Replaces the tracked sites (marketing, admin), audited; `domains` already normalised by the schema. */
    async saveTrackedSites(actor: Actor, domains: readonly string[]) {
      if (actor.role !== 'admin' && actor.role !== 'marketing') {
        throw forbidden('Only marketing and admins change the tracked websites.');
      }
      const at = clock.now().toISOString();
      await db.transaction().execute(async (trx) => {
        const before = await repo.trackedSites(trx);
        await repo.saveTrackedSites(trx, domains, actor.id, at);
        await appendAudit(
          trx,
          { actor },
          {
            at,
            entityType: 'tracked_sites',
            entityId: 'default',
            action: 'update',
            before: { domains: before?.domains ?? [] },
            after: { domains },
          },
        );
      });
      return { domains: domains.map(readableDomain), updatedBy: actor.id, updatedAt: at };
    },

    /** An open pixel fetched: records `email_opened` when the token verifies. Always answers the image. */
    async open(token: string, userAgent: string | undefined): Promise<void> {
      const open = readOpen(await signingKey(), token);
      if (!open || isBot(userAgent)) return;
      await recordFor(open.contactId, {
        type: 'email_opened',
        campaign: open.campaign,
        properties: { emailId: open.messageId },
      });
    },

    /** The landing page's script hands over the token from a clicked link: the visitor becomes the contact. */
    async identify(visitorId: string, token: string): Promise<void> {
      const v = readIdentify(await signingKey(), token, Math.floor(clock.now().getTime() / 1000));
      if (!v) return;
      const contactId = await repo.currentContact(db, v.contactId);
      if (!contactId) return;
      await db.transaction().execute((trx) => deps.identify(trx, visitorId, contactId));
      outbox.notify();
    },
  };
}

export type EmailTrackingService = ReturnType<typeof createEmailTrackingService>;
