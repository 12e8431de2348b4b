import { Button, Divider, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CriteriaEditor, testIdOf } from './CriteriaEditor.js';
import { NotesEditor } from './NotesEditor.js';
import { emptyPersona, type PersonaForm } from './scoringForm.js';
import type { ErrorMap } from './useScoringEditor.js';

interface CardProps {
  persona: PersonaForm;
  path: string;
  errors: ErrorMap;
  readOnly: boolean;
  onChange: (next: PersonaForm, structural?: boolean) => void;
  onRemove: () => void;
}

function PersonaCard({ persona, path, errors, readOnly, onChange, onRemove }: CardProps) {
  const { t } = useTranslation();
  const id = testIdOf(path);
  const idError = errors[`${path}.id`] ?? errors[path];
  return (
    <Paper withBorder radius="md" p="md" data-testid={`${id}-card`}>
      <Stack gap="sm">
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            label={t('scoring.personas.name')}
            required
            value={persona.name}
            onChange={(e) => onChange({ ...persona, name: e.currentTarget.value })}
            error={errors[`${path}.name`]}
            readOnly={readOnly}
            dir="auto"
            style={{ flex: '1 1 220px' }}
            data-testid={`${id}-name`}
          />
          {!readOnly && (
            <Button variant="subtle" color="red" mt={24} onClick={onRemove} data-testid={`${id}-remove`}>
              {t('scoring.personas.remove')}
            </Button>
          )}
        </Group>
        <Textarea
          label={t('scoring.personas.description')}
          value={persona.description}
          onChange={(e) => onChange({ ...persona, description: e.currentTarget.value })}
          error={errors[`${path}.description`]}
          readOnly={readOnly}
          autosize
          minRows={2}
          maxRows={6}
          dir="auto"
          data-testid={`${id}-description`}
        />
        {idError && (
          <Text c="red" size="xs">
            {idError}
          </Text>
        )}
        <Text size="sm" fw={500}>
          {t('scoring.personas.criteria')}
        </Text>
        <CriteriaEditor
          value={persona.criteria}
          path={`${path}.criteria`}
          errors={errors}
          readOnly={readOnly}
          emptyText={t('scoring.personas.noCriteria')}
          onChange={(criteria, structural) => onChange({ ...persona, criteria }, structural)}
        />
        <Divider />
        <Text size="sm" fw={500}>
          {t('scoring.personas.notes')}
        </Text>
        <NotesEditor
          value={persona.notes}
          path={`${path}.notes`}
          errors={errors}
          readOnly={readOnly}
          onChange={(notes, structural) => onChange({ ...persona, notes }, structural)}
        />
      </Stack>
    </Paper>
  );
}

interface Props {
  value: PersonaForm[];
  errors: ErrorMap;
  readOnly: boolean;
  onChange: (next: PersonaForm[], structural?: boolean) => void;
}

/** Buyer personas: who, inside the ICP, a lead is; each with its own criteria and research notes. */
export function PersonasEditor({ value, errors, readOnly, onChange }: Props) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" data-testid="personas">
      <Title order={4}>{t('scoring.personas.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('scoring.personas.intro')}
      </Text>
      {value.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('scoring.personas.empty')}
        </Text>
      )}
      {value.map((persona, i) => (
        <PersonaCard
          key={persona.id}
          persona={persona}
          path={`personas.${i}`}
          errors={errors}
          readOnly={readOnly}
          onChange={(next, structural) =>
            onChange(
              value.map((p, j) => (j === i ? next : p)),
              structural,
            )
          }
          onRemove={() =>
            onChange(
              value.filter((_, j) => j !== i),
              true,
            )
          }
        />
      ))}
      {errors['personas'] && (
        <Text c="red" size="sm">
          {errors['personas']}
        </Text>
      )}
      {!readOnly && (
        <Group>
          <Button variant="light" onClick={() => onChange([...value, emptyPersona()], true)} data-testid="personas-add">
            {t('scoring.personas.add')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
