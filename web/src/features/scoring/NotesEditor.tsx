import { Badge, Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../api/auth.js';
import { NOTE_KINDS, type NoteKind, type ResearchNote } from '../../api/scoring.js';
import { UserText } from '../../components/Formatted.js';
import { formatDate } from '../../i18n/format.js';
import { useFormat } from '../../i18n/useFormat.js';
import { testIdOf } from './CriteriaEditor.js';
import { emptyNote, todayIn } from './scoringForm.js';
import type { ErrorMap } from './useScoringEditor.js';

const NOTE_FIELDS = ['title', 'body', 'kind', 'date', 'author', 'id'] as const;

const KIND_COLORS: Record<NoteKind, string> = {
  market_research: 'blue',
  focus_group: 'grape',
  interview: 'teal',
  other: 'gray',
};

/** A calendar day in the reader's calendar (Jalali in Persian); a date has no time zone, so it is read as UTC. */
function useDayFormat() {
  const format = useFormat();
  return (day: string) => (/^\d{4}-\d{2}-\d{2}$/.test(day) ? formatDate(day, format.locale, { timeZone: 'UTC' }) : day);
}

interface NoteProps {
  note: ResearchNote;
  path: string;
  errors: ErrorMap;
  readOnly: boolean;
  open: boolean;
  onOpen: (open: boolean) => void;
  onChange: (next: ResearchNote) => void;
  onRemove: () => void;
}

function NoteCard({ note, path, errors, readOnly, open, onOpen, onChange, onRemove }: NoteProps) {
  const { t } = useTranslation();
  const day = useDayFormat();
  const id = testIdOf(path);
  const hasError = NOTE_FIELDS.some((f) => errors[`${path}.${f}`]) || Boolean(errors[path]);
  const editing = !readOnly && (open || hasError);
  const set = <K extends keyof ResearchNote>(key: K, v: ResearchNote[K]) => onChange({ ...note, [key]: v });

  if (!editing) {
    return (
      <Paper withBorder radius="sm" p="sm" data-testid={`${id}-note`}>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Group gap="xs" wrap="wrap">
              <Text fw={500} style={{ overflowWrap: 'anywhere' }} data-testid={`${id}-note-title`}>
                <UserText value={note.title} />
              </Text>
              <Badge variant="light" color={KIND_COLORS[note.kind]}>
                {t(`scoring.notes.kinds.${note.kind}`)}
              </Badge>
            </Group>
            <Text size="xs" c="dimmed" data-testid={`${id}-note-date`}>
              {note.author ? t('scoring.notes.byline', { date: day(note.date), author: note.author }) : day(note.date)}
            </Text>
            {note.body && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} dir="auto">
                {note.body}
              </Text>
            )}
          </Stack>
          {!readOnly && (
            <Group gap={4} wrap="nowrap">
              <Button size="xs" variant="subtle" onClick={() => onOpen(true)} data-testid={`${id}-edit`}>
                {t('common.edit')}
              </Button>
              <Button size="xs" variant="subtle" color="red" onClick={onRemove} data-testid={`${id}-remove`}>
                {t('common.delete')}
              </Button>
            </Group>
          )}
        </Group>
      </Paper>
    );
  }

  return (
    <Paper withBorder radius="sm" p="sm" data-testid={`${id}-note`}>
      <Stack gap="xs">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('scoring.notes.title')}
            required
            value={note.title}
            onChange={(e) => set('title', e.currentTarget.value)}
            error={errors[`${path}.title`]}
            dir="auto"
            data-testid={`${id}-title`}
          />
          <NativeSelect
            label={t('scoring.notes.kind')}
            data={NOTE_KINDS.map((k) => ({ value: k, label: t(`scoring.notes.kinds.${k}`) }))}
            value={note.kind}
            onChange={(e) => set('kind', e.currentTarget.value as NoteKind)}
            error={errors[`${path}.kind`]}
            data-testid={`${id}-kind`}
          />
          <TextInput
            type="date"
            label={t('scoring.notes.date')}
            description={note.date ? day(note.date) : undefined}
            value={note.date}
            onChange={(e) => set('date', e.currentTarget.value)}
            error={errors[`${path}.date`]}
            data-testid={`${id}-date`}
          />
          <TextInput
            label={t('scoring.notes.author')}
            value={note.author}
            onChange={(e) => set('author', e.currentTarget.value)}
            error={errors[`${path}.author`]}
            dir="auto"
            data-testid={`${id}-author`}
          />
        </SimpleGrid>
        <Textarea
          label={t('scoring.notes.body')}
          value={note.body}
          onChange={(e) => set('body', e.currentTarget.value)}
          error={errors[`${path}.body`]}
          autosize
          minRows={3}
          maxRows={12}
          dir="auto"
          data-testid={`${id}-body`}
        />
        {(errors[`${path}.id`] ?? errors[path]) && (
          <Text c="red" size="xs">
            {errors[`${path}.id`] ?? errors[path]}
          </Text>
        )}
        <Group justify="flex-end" gap="xs">
          <Button size="xs" variant="subtle" color="red" onClick={onRemove} data-testid={`${id}-remove`}>
            {t('common.delete')}
          </Button>
          <Button size="xs" variant="default" onClick={() => onOpen(false)} data-testid={`${id}-done`}>
            {t('scoring.notes.done')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

interface Props {
  value: ResearchNote[];
  /** `notes` or `personas.<n>.notes`. */
  path: string;
  errors: ErrorMap;
  readOnly: boolean;
  onChange: (next: ResearchNote[], structural?: boolean) => void;
}

/** Notes from market research, focus groups and interviews, attached to the ICP or a persona. */
export function NotesEditor({ value, path, errors, readOnly, onChange }: Props) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const id = testIdOf(path);
  const toggle = (noteId: string, on: boolean) =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (on) next.add(noteId);
      else next.delete(noteId);
      return next;
    });

  return (
    <Stack gap="xs" data-testid={`${id}-list`}>
      {value.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('scoring.notes.empty')}
        </Text>
      )}
      {value.map((note, i) => (
        <NoteCard
          key={note.id}
          note={note}
          path={`${path}.${i}`}
          errors={errors}
          readOnly={readOnly}
          open={open.has(note.id)}
          onOpen={(on) => toggle(note.id, on)}
          onChange={(next) => onChange(value.map((n, j) => (j === i ? next : n)))}
          onRemove={() =>
            onChange(
              value.filter((_, j) => j !== i),
              true,
            )
          }
        />
      ))}
      {errors[path] && (
        <Text c="red" size="sm">
          {errors[path]}
        </Text>
      )}
      {!readOnly && (
        <Group>
          <Button
            variant="light"
            size="xs"
            onClick={() => {
              const note = emptyNote('market_research', todayIn(user.timeZone || undefined), user.name);
              toggle(note.id, true);
              onChange([...value, note], true);
            }}
            data-testid={`${id}-add`}
          >
            {t('scoring.notes.add')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
