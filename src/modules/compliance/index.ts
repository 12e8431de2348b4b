export { createComplianceService, type ComplianceService } from './compliance.service.js';
export { complianceRoutes } from './compliance.routes.js';
