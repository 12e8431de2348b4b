import { AppError } from '../../shared/errors.js';

export function notEnoughLabels(counts: {
  field: string;
  positives: number;
  negatives: number;
  minimumPerClass: number;
}): AppError {
  const message =
    `Training needs at least ${counts.minimumPerClass} contacts of each outcome; ${counts.field} has ` +
    `${counts.positives} positive and ${counts.negatives} negative contacts. Record more outcomes, or lower ` +
    `minimumPerClass.`;
  return new AppError('validation', 'predictive.not_enough_labels', message, {
    errors: [{ field: 'outcome', message }],
    extra: { positives: counts.positives, negatives: counts.negatives, minimumPerClass: counts.minimumPerClass },
  });
}

export function noUsableFeatures(dropped: readonly { feature: string; reason: string }[]): AppError {
  const why = dropped.map((d) => `${d.feature} (${d.reason})`).join(', ');
  const message = `None of the chosen features varies among the labelled contacts${why ? `: ${why}` : ''}.`;
  return new AppError('validation', 'predictive.no_usable_features', message, {
    errors: [{ field: 'features', message }],
  });
}

export const trainingInProgress = () =>
  new AppError(
    'conflict',
    'predictive.training_in_progress',
    'A model is being trained already; try again when it is done.',
  );
