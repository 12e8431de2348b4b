export { createFormsService, type FormsService } from './forms.service.js';
export { formPublicRoutes, formRoutes } from './forms.routes.js';
