export {
  appendAudit,
  changedFields,
  listAudit,
  redactAudit,
  redactValues,
  REDACTED,
  stableJson,
  type AuditContext,
  type AuditEntry,
} from './audit.js';
