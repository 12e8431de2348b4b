import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { parseJson } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { eventTitle, type TimelineItem, type TimelinePosition } from './timeline.js';

/**
 * Reads a contact's timeline sources. Events belong to the tracking module and temperature changes to
 * scoring; this is the contacts module's read-only view of them, kept to the two queries the timeline
 * needs. Each query walks one index (`events_contact_idx`, `temperature_changes_contact_idx`) newest first.
 */

/**
 * "After the cursor" for one source, in the timeline's order (at desc, temperature before event, id desc).
 * Rows of the cursor's own kind continue after its (at, id); rows of the other kind are compared on `at`
 * alone, including (for events after a temperature cursor) the same instant.
 */
function after(kind: TimelinePosition['kind'], atColumn: string, cursor: TimelinePosition): Expression<SqlBool> {
  const at = sql.ref(atColumn);
  if (cursor.kind === kind) return sql<SqlBool>`(${at}, ${sql.ref('id')}) < (${cursor.at}, ${cursor.id})`;
  return kind === 'event' ? sql<SqlBool>`${at} <= ${cursor.at}` : sql<SqlBool>`${at} < ${cursor.at}`;
}

export function createTimelineRepository(db: Kysely<DB>) {
  return {
    async events(contactId: string, cursor: TimelinePosition | null, limit: number): Promise<TimelineItem[]> {
      let q = db
        .selectFrom('events')
        .select([
          'id',
          'type',
          'occurred_at',
          'url',
          'referrer',
          'utm_source',
          'utm_medium',
          'utm_campaign',
          'utm_term',
          'utm_content',
          'properties',
        ])
        .where('contact_id', '=', contactId);
      if (cursor) q = q.where(after('event', 'occurred_at', cursor));
      const rows = await q.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r) => {
        const properties = parseJson<Record<string, unknown>>(r.properties, {});
        return {
          kind: 'event' as const,
          id: `event:${Number(r.id)}`,
          at: r.occurred_at,
          type: r.type,
          title: eventTitle(properties),
          url: r.url,
          referrer: r.referrer,
          utm: {
            source: r.utm_source,
            medium: r.utm_medium,
            campaign: r.utm_campaign,
            term: r.utm_term,
            content: r.utm_content,
          },
          properties,
        };
      });
    },

    async temperatureChanges(
      contactId: string,
      cursor: TimelinePosition | null,
      limit: number,
    ): Promise<TimelineItem[]> {
      let q = db
        .selectFrom('temperature_changes')
        .select(['id', 'at', 'from_temperature', 'to_temperature', 'cause', 'reasons'])
        .where('contact_id', '=', contactId);
      if (cursor) q = q.where(after('temperature', 'at', cursor));
      const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r) => ({
        kind: 'temperature' as const,
        id: `temperature:${Number(r.id)}`,
        at: r.at,
        from: r.from_temperature,
        to: r.to_temperature,
        cause: r.cause,
        reasons: parseJson<Record<string, unknown>[]>(r.reasons, []).filter((x) => typeof x === 'object' && x !== null),
      }));
    },
  };
}
