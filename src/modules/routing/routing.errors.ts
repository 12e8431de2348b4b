import { AppError, type FieldError } from '../../shared/errors.js';

export const ruleNotFound = () => new AppError('not_found', 'routing_rule.not_found', 'No routing rule with that id.');

export const memberNotFound = () =>
  new AppError('not_found', 'routing_member.not_found', 'That user is not a routing member of that team.');

export const teamNotFound = () => new AppError('not_found', 'team.not_found', 'No team with that id.');

/** A rule or member names a team that does not exist. */
export const unknownTeam = (field = 'teamId') =>
  new AppError('validation', 'routing.unknown_team', `Invalid ${field}: no team with that id.`, {
    errors: [{ field, message: 'No team with that id.' }],
  });

/** Only active users of the team take its leads. */
export const notTeamMember = (message: string) =>
  new AppError('validation', 'routing.not_team_member', `Invalid userId: ${message}`, {
    errors: [{ field: 'userId', message }],
  });

export const badOrder = (errors: FieldError[]) =>
  new AppError('validation', 'routing.bad_order', 'The order must list every routing rule exactly once.', { errors });

export const tooManyRules = (limit: number) =>
  new AppError(
    'validation',
    'routing.too_many_rules',
    `There are already ${limit} routing rules, the most there may be: delete one first.`,
  );
