export { appendAudit, changedFields, listAudit, type AuditContext, type AuditEntry } from './audit.js';
