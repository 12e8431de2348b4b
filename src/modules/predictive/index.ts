/** Public API of the predictive score in the app (training, model versions, per-contact explanations). */
export { registerPredictiveCommands } from './predictive.cli.js';
export { predictiveRoutes } from './predictive.routes.js';
export {
  createPredictiveService,
  MODEL_TRAINED,
  SCORING_CONTINUED,
  type ModelSummary,
  type Prediction,
  type PredictiveService,
} from './predictive.service.js';
export {
  BUILTIN_FEATURES,
  DEFAULT_FEATURES,
  DEFAULT_PREDICTIVE_SETTINGS,
  OUTCOME_CONTACT_FIELDS,
  predictiveSettingsSchema,
  type PredictiveSettings,
} from './settings.js';
