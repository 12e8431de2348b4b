export { createViewsService, type ViewsService } from './views.service.js';
export { viewRoutes } from './views.routes.js';
export { MAX_VIEWS_PER_USER, type ContactView } from './view.js';
