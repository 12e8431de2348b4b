import { InvalidArgumentError, type Command } from 'commander';
import { featureName } from './features.js';
import type { ModelSummary, PredictiveService } from './predictive.service.js';

/** Runs `fn` with the app's services and closes the database afterwards (cli.ts's withServices). */
export type WithPredictive = <T>(
  fn: (ctx: { services: { predictive: PredictiveService } }) => Promise<T>,
) => Promise<T>;

function seedOption(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 2 ** 31 - 1)
    throw new InvalidArgumentError('must be a whole number from 0 to 2147483647');
  return parsed;
}

export function formatTrainingSummary(summary: ModelSummary, scored: number): string {
  const { samples, crossValidation: cv, outcome } = summary;
  const lines = [
    `Trained predictive model v${summary.version} on ${samples.training} contacts with a known ${outcome.field}: ` +
      `${samples.positive} positive (${outcome.positiveValues.join(', ')}), ${samples.negative} negative ` +
      `(${outcome.negativeValues.join(', ')}); ${samples.unknown} without a known outcome left out.`,
    `Cross-validated ROC AUC ${cv.auc.toFixed(3)} ± ${cv.aucStd.toFixed(3)} (${cv.folds} folds), ${summary.trainingSeconds.toFixed(1)} s.`,
    'Top features:',
    ...summary.topFeatures.map(
      (f) => `  ${featureName(f.feature).padEnd(28)} ${(f.share * 100).toFixed(1).padStart(5)}%`,
    ),
  ];
  if (summary.droppedFeatures.length > 0) {
    lines.push(`Not used: ${summary.droppedFeatures.map((d) => `${d.feature} (${d.reason})`).join('; ')}.`);
  }
  lines.push(`Scored ${scored} contacts.`);
  return lines.join('\n');
}

/** Adds `scoring train`: trains a model version from the contacts in the database and scores them all. */
export function registerPredictiveCommands(program: Command, withServices: WithPredictive): void {
  // `scoring evaluate` may have created the group already.
  const scoring =
    program.commands.find((command) => command.name() === 'scoring') ??
    program.command('scoring').description('Lead scoring');
  scoring
    .command('train')
    .description(
      'Train the predictive score on the contacts whose outcome is known (see the predictive settings), store it as a new model version, and score every contact',
    )
    .option('--seed <n>', 'random seed; the same data and seed give the same model', seedOption, 1)
    .option('--json', 'print the model summary as JSON')
    .action(async (opts: { seed: number; json?: boolean }) => {
      await withServices(async ({ services }) => {
        const summary = await services.predictive.train(null, { seed: opts.seed, scoring: 'inline' });
        const final = (await services.predictive.model()) ?? summary;
        const scored =
          final.version === summary.version ? final.scoring.scoredContacts : summary.scoring.scoredContacts;
        console.log(opts.json ? JSON.stringify(final, null, 2) : formatTrainingSummary(final, scored));
      });
    });
}
