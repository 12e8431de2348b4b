export { createScoringService, type ScoringService } from './scoring.service.js';
export { scoringRoutes } from './scoring.routes.js';
export { DEFAULT_SCORING_SETTINGS, scoringSettingsSchema, type ScoringSettings } from './settings.js';
