import { Alert, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.js';
import { errorMessage, unmatchedFieldErrors } from './errors.js';
import { translateServerMessage } from './serverMessages.js';

interface Props {
  error: unknown;
  /** Fields the form shows errors for next to their inputs. */
  knownFields?: readonly string[];
  /** Errors handled elsewhere (e.g. contact.duplicate) are not repeated here. */
  ignoreCodes?: readonly string[];
}

/**
 * The part of an error that cannot be shown next to an input: the general message, field errors for fields the
 * form does not have, and the request id of server failures (for support).
 */
export function FormErrorAlert({ error, knownFields = [], ignoreCodes = [] }: Props) {
  const { t } = useTranslation();
  if (!error) return null;
  if (isApiError(error) && ignoreCodes.includes(error.code)) return null;
  const unmatched = isApiError(error) ? unmatchedFieldErrors(error, knownFields) : [];
  return (
    <Alert color="red" role="alert" data-testid="form-error">
      <Text size="sm">{errorMessage(error, t)}</Text>
      {unmatched.length > 0 && (
        <List size="sm" mt="xs">
          {unmatched.map((e) => (
            <List.Item key={`${e.field}:${e.message}`}>
              {t('errors.otherFields', { field: e.field, message: translateServerMessage(e.message, t) })}
            </List.Item>
          ))}
        </List>
      )}
      {isApiError(error) && error.status >= 500 && error.requestId && (
        <Text size="xs" c="dimmed" mt="xs">
          {t('errors.requestId', { id: error.requestId })}
        </Text>
      )}
    </Alert>
  );
}
