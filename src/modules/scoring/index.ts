export { createScoringService, type ScoringService } from './scoring.service.js';
export { scoringRoutes } from './scoring.routes.js';
export {
  DEFAULT_SCORING_SETTINGS,
  NOTE_KINDS,
  scoringSettingsInputSchema,
  scoringSettingsSchema,
  type ScoringSettings,
  type ScoringSettingsInput,
} from './settings.js';
export {
  ACCOUNT_UPDATED,
  CONTACTS_RESCORED,
  SETTINGS_CHANGED as SCORING_SETTINGS_CHANGED,
} from './bulk-rescore.service.js';
