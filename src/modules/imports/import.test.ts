import { describe, expect, it } from 'vitest';
import type { ImportRow } from '../../db/schema.js';
import { STALE_AFTER_MS, toImportView } from './import.js';

const row: ImportRow = {
  id: 'imp-1',
  status: 'running',
  dry_run: 0,
  file_name: 'leads.csv',
  file_path: '/srv/tandem/data/imports/secret-name.csv',
  file_bytes: 1000,
  delimiter: '\t',
  headers: JSON.stringify(['name', 'email']),
  options: JSON.stringify({
    mapping: ['firstName', 'email'],
    onDuplicate: 'skip',
    defaults: { source: null, campaign: null, ownerEmail: null },
  }),
  created_by: 'u1',
  actor_kind: 'user',
  created_at: '2026-11-27T10:00:00.000Z',
  updated_at: '2026-11-27T10:00:00.000Z',
  started_at: '2026-11-27T10:00:00.000Z',
  finished_at: null,
  processed: 400,
  created: 390,
  updated: 0,
  skipped: 5,
  rejected: 5,
  accounts_created: 3,
  last_row: 401,
  bytes_read: 250,
  error: null,
  cancel_requested_at: null,
};

describe('import view', () => {
  it('shows progress by bytes, the delimiter by name, and never the server path', () => {
    const view = toImportView(row, { active: true, now: new Date('2026-11-27T10:00:01Z') });
    expect(view).toMatchObject({ status: 'running', delimiter: 'tab', headers: ['name', 'email'], dryRun: false });
    expect(view.progress).toMatchObject({ processed: 400, lastRow: 401, fraction: 0.25 });
    expect(JSON.stringify(view)).not.toContain('secret-name');
    // Whether the file is kept, without where.
    expect(view.fileKept).toBe(true);
    expect(toImportView({ ...row, file_path: null }, { active: false, now: new Date() }).fileKept).toBe(false);
  });

  it('calls a run interrupted when no process runs it and no batch committed for a while', () => {
    const later = new Date(new Date(row.updated_at).getTime() + STALE_AFTER_MS + 1);
    expect(toImportView(row, { active: false, now: later }).status).toBe('interrupted');
    expect(toImportView(row, { active: true, now: later }).status).toBe('running');
    const recent = new Date(new Date(row.updated_at).getTime() + 1000);
    expect(toImportView(row, { active: false, now: recent }).status).toBe('running');
  });

  it('reports a completed run as fully read', () => {
    expect(toImportView({ ...row, status: 'completed' }, { active: false, now: new Date() }).progress.fraction).toBe(1);
  });

  it('says a cancel was asked of a run while it still runs, and no longer once it has ended', () => {
    const asked = { ...row, cancel_requested_at: '2026-11-27T10:00:02.000Z' };
    const now = new Date('2026-11-27T10:00:03Z');
    expect(toImportView(asked, { active: false, now }).cancelRequested).toBe(true);
    expect(toImportView(row, { active: false, now }).cancelRequested).toBe(false);
    expect(toImportView({ ...asked, status: 'failed' }, { active: false, now }).cancelRequested).toBe(false);
  });
});
