import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_search_index.js';
import * as m0003 from './0003_tracking.js';
import * as m0004 from './0004_temperature.js';
import * as m0005 from './0005_capture.js';
import * as m0006 from './0006_imports.js';
import * as m0007 from './0007_predictive.js';
import * as m0008 from './0008_temperature_reason_keys.js';
import * as m0009 from './0009_bulk_rescore.js';
import * as m0010 from './0010_sla.js';
import * as m0011 from './0011_manual_qualification.js';
import * as m0012 from './0012_routing.js';
import * as m0013 from './0013_handoffs.js';
import * as m0014 from './0014_notification_mail.js';
import * as m0015 from './0015_timer_holder.js';
import * as m0016 from './0016_idempotency_expiry.js';
import * as m0017 from './0017_bulk_load.js';
import * as m0018 from './0018_reason_keys_in_transaction.js';
import * as m0019 from './0019_persian_compact_search.js';
import * as m0020 from './0020_account_match_key.js';
import * as m0021 from './0021_contact_name_key.js';
import * as m0022 from './0022_submission_consent_text.js';
import * as m0023 from './0023_tracked_sites.js';
import * as m0024 from './0024_audit_redaction.js';
import * as m0025 from './0025_saved_views.js';
import * as m0026 from './0026_import_cancel_request.js';

/** Every migration, in order. Adding one: a new file here and one line below. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_search_index': m0002,
  '0003_tracking': m0003,
  '0004_temperature': m0004,
  '0005_capture': m0005,
  '0006_imports': m0006,
  '0007_predictive': m0007,
  '0008_temperature_reason_keys': m0008,
  '0009_bulk_rescore': m0009,
  '0010_sla': m0010,
  '0011_manual_qualification': m0011,
  '0012_routing': m0012,
  '0013_handoffs': m0013,
  '0014_notification_mail': m0014,
  '0015_timer_holder': m0015,
  '0016_idempotency_expiry': m0016,
  '0017_bulk_load': m0017,
  '0018_reason_keys_in_transaction': m0018,
  '0019_persian_compact_search': m0019,
  '0020_account_match_key': m0020,
  '0021_contact_name_key': m0021,
  '0022_submission_consent_text': m0022,
  '0023_tracked_sites': m0023,
  '0024_audit_redaction': m0024,
  '0025_saved_views': m0025,
  '0026_import_cancel_request': m0026,
};
