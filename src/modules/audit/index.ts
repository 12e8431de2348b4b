export { appendAudit, changedFields, listAudit, stableJson, type AuditContext, type AuditEntry } from './audit.js';
