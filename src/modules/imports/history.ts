import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AuditEntry } from '../audit/index.js';
import { createImportsRepository } from './imports.repository.js';

/** The action of a contact's history entry saying which import (file and row) created it. */
export const IMPORTED_ACTION = 'import';

/** A history entry for a contact an import created, and that contact (merged contacts have several). */
export interface ImportCreation {
  contactId: string;
  entry: AuditEntry;
}

/**
 * History entries for contacts an import created: who ran the import, when it ended, the file and the row.
 * An import records one audit entry for itself and a link per row instead of an entry per created contact
 * (a million-row file stays one entry); this reads them back per contact. One entry per import (contacts
 * merged into one another may come from the same import): the first row's. `withFile` false leaves the
 * file, row and import out (only marketing and admins see imports). An import run from the command line
 * without `--as` names no user: no actor.
 */
export async function importCreationEntries(
  db: Kysely<DB>,
  contactIds: readonly string[],
  withFile: boolean,
): Promise<ImportCreation[]> {
  const rows = await createImportsRepository(db).creations(contactIds);
  const byImport = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const seen = byImport.get(r.import_id);
    const earlier =
      !seen ||
      Number(r.row_number) < Number(seen.row_number) ||
      (r.row_number === seen.row_number && Number(r.audit_id) < Number(seen.audit_id));
    if (earlier) byImport.set(r.import_id, r);
  }
  return [...byImport.values()].map((r) => ({
    contactId: r.contact_id,
    entry: {
      id: Number(r.audit_id),
      at: r.at,
      actor: r.actor_id && r.actor_name !== null ? { id: r.actor_id, name: r.actor_name } : null,
      actorKind: r.actor_kind,
      action: IMPORTED_ACTION,
      before: null,
      after: withFile ? { importId: r.import_id, fileName: r.file_name, row: Number(r.row_number) } : null,
    },
  }));
}
