export { contactSchema, type Contact } from './contact.js';
export { createContactService, type ContactService } from './contacts.service.js';
export { contactRoutes } from './contacts.routes.js';
