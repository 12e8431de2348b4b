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
