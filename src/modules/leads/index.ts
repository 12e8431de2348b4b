export { createLeadsService, type LeadsService } from './leads.service.js';
export { leadRoutes } from './leads.routes.js';
