export { importSchema, type ImportOptions, type ImportView } from './import.js';
export { CLI_OPERATOR_ID, createImportService, type ImportProgress, type ImportService } from './imports.service.js';
export { importRoutes } from './imports.routes.js';
export { registerImportCommands } from './imports.cli.js';
export { restoreAbandonedBulkLoads } from './bulk-load.js';
export { createImportsRepository } from './imports.repository.js';
export { importCreationEntries } from './history.js';
