export { contactSchema, type Contact } from './contact.js';
export { createContactService, type CapturedContact, type ContactService } from './contacts.service.js';
export { contactRoutes } from './contacts.routes.js';
// The list's filters, which saved views (src/modules/views) store and validate exactly as the list does.
export { listFilterQuery } from './list-filters.js';
// Pure rules the imports module reuses, so an imported contact is validated and stored exactly like one created
// through the API.
export {
  canonicalizeContact,
  contactEmail,
  contactNameNorm,
  contactSearchText,
  createContactInput,
  phoneMatchIsSamePerson,
  rowToFields,
  SENIORITIES,
  type ContactFields,
} from './contact.js';
