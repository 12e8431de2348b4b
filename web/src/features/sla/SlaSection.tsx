import { Paper, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { NumberTextInput } from '../../components/NumberTextInput.js';

/** What a section of the editor gets: its part of the form, a setter that merges a change into it, errors and read-only. */
export interface SlaPartProps<F> {
  value: F;
  onChange: (change: Partial<F>) => void;
  /** Messages by document path (e.g. marketing.perTeam.0.teamId). */
  errors: Record<string, string>;
  readOnly: boolean;
}

/** One titled, bordered part of the SLA editor. */
export function SlaSection({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId}>
      <Title order={4} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/** A number field of the SLA document: its error and test id follow from its path. */
export function SlaNumberInput({
  label,
  path,
  value,
  onChange,
  errors,
  readOnly,
  rightSection,
  description,
}: {
  label: string;
  path: string;
  value: string;
  onChange: (value: string) => void;
  errors: Record<string, string>;
  readOnly: boolean;
  rightSection?: ReactNode;
  description?: string;
}) {
  return (
    <NumberTextInput
      label={label}
      value={value}
      onChange={(e) => {
        const v = e.currentTarget.value;
        onChange(v);
      }}
      error={errors[path]}
      readOnly={readOnly}
      inputMode="decimal"
      rightSection={rightSection}
      rightSectionWidth={rightSection ? 60 : undefined}
      description={description}
      data-testid={`sla-${path.replace(/\./g, '-')}`}
    />
  );
}

type StringKeys<F> = { [K in keyof F]: F[K] extends string ? K : never }[keyof F] & string;

/**
 * Number inputs bound to one part of the form: `number(label, path, field)` shows `value[field]`,
 * sets it through `onChange`, and takes its error from `errors[path]`.
 */
export function bindNumberInputs<F>(
  value: F,
  onChange: (change: Partial<F>) => void,
  errors: Record<string, string>,
  readOnly: boolean,
) {
  return (
    label: string,
    path: string,
    field: StringKeys<F>,
    extra: { rightSection?: ReactNode; description?: string } = {},
  ) => (
    <SlaNumberInput
      label={label}
      path={path}
      value={value[field] as string}
      onChange={(v) => onChange({ [field]: v } as Partial<F>)}
      errors={errors}
      readOnly={readOnly}
      rightSection={extra.rightSection}
      description={extra.description}
    />
  );
}
