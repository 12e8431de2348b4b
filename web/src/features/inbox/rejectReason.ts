import { REJECT_REASONS, type RejectReason } from '../../api/handoffs.js';

/**
 * A rejected handoff marks its contact not qualified with the reason `<code>` or `<code>: <note>`. Reads that
 * text back, so that the code can be shown in the user's language; null for any other reason text.
 */
export function parseRejectReason(text: string): { code: RejectReason; note: string | null } | null {
  const match = /^([a-z_]+)(?::\s*([\s\S]*))?$/.exec(text);
  if (!match) return null;
  const code = match[1] as RejectReason;
  if (!REJECT_REASONS.includes(code)) return null;
  const note = match[2]?.trim();
  return { code, note: note ? note : null };
}
