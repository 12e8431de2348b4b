import { Button, Group, Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ContactListParams } from '../../api/contacts.js';
import { SENIORITIES } from '../../api/types.js';
import { OwnerSelect } from '../../components/OwnerSelect.js';
import { NumberFilter, ValueFilter } from './FilterInputs.js';
import { FILTER_KEYS, type ContactFilterKey } from './useContactFilters.js';

interface Props {
  params: ContactListParams;
  filtered: boolean;
  update: (patch: Partial<Record<ContactFilterKey, string | null>>) => void;
  /**
   * One filter under the other, each as wide as the screen, and no "Clear filters" of its own (the phone's
   * drawer has one at the bottom, beside the button that closes it).
   */
  stacked?: boolean;
}

const WHY_RULES = ['engagement', 'fit', 'manual', 'event'] as const;
const WHY_EVENTS = ['form_submitted', 'page_view', 'email_opened', 'email_clicked', 'ad_clicked'] as const;

/** The "why" select's value: a reason group, or `event:<type>` for an event type among the reasons. */
function whyValue(params: ContactListParams): string | null {
  if (params.reasonEvent) return `event:${params.reasonEvent}`;
  return params.reason ?? null;
}

/** What "Clear filters" sends: every filter and the search off, the sort kept. */
export const CLEAR_FILTERS = Object.fromEntries(FILTER_KEYS.map((k) => [k, null])) as Partial<
  Record<ContactFilterKey, null>
>;

/**
 * The filters behind the list's "Filters" button (ContactsFilterPanel): in one wrapping row on a wide screen,
 * stacked in a drawer on a phone.
 */
export function ContactsFilters({ params, filtered, update, stacked = false }: Props) {
  const { t } = useTranslation();
  const width = (px: number) => (stacked ? '100%' : px);
  const whyOptions = [
    {
      group: t('leadFilters.groups.rules'),
      items: WHY_RULES.map((r) => ({ value: r, label: t(`leadFilters.reasons.${r}`) })),
    },
    {
      group: t('leadFilters.groups.events'),
      items: [
        ...WHY_EVENTS.map((e) => ({ value: `event:${e}`, label: t(`leadFilters.reasons.${e}`) })),
        // An event type reached through a shared link and not in the list above still shows as selected.
        ...(params.reasonEvent && !(WHY_EVENTS as readonly string[]).includes(params.reasonEvent)
          ? [{ value: `event:${params.reasonEvent}`, label: params.reasonEvent }]
          : []),
      ],
    },
  ];
  return (
    <Group align="flex-start" gap="sm" wrap="wrap" data-testid="lead-filters">
      <OwnerSelect
        label={t('fields.owner')}
        placeholder={t('pickers.anyOwner')}
        value={params.ownerId ?? null}
        onChange={(ownerId) => update({ ownerId })}
        w={width(200)}
        data-testid="contacts-owner-filter"
      />
      <Select
        label={t('fields.seniority')}
        placeholder={t('pickers.anySeniority')}
        clearable
        data={SENIORITIES.map((s) => ({ value: s, label: t(`seniority.${s}`) }))}
        value={params.seniority ?? null}
        onChange={(seniority) => update({ seniority })}
        w={width(170)}
        data-testid="contacts-seniority-filter"
      />
      <Select
        label={t('leadFilters.temperature')}
        placeholder={t('leadFilters.anyTemperature')}
        clearable
        data={(['cold', 'warm', 'qualified'] as const).map((v) => ({ value: v, label: t(`temperature.${v}`) }))}
        value={params.temperature ?? null}
        onChange={(temperature) => update({ temperature })}
        w={width(150)}
        data-testid="contacts-temperature-filter"
      />
      <Select
        label={t('leadFilters.grade')}
        placeholder={t('leadFilters.anyGrade')}
        clearable
        data={['A', 'B', 'C', 'D']}
        value={params.fitGrade ?? null}
        onChange={(fitGrade) => update({ fitGrade })}
        w={width(120)}
        data-testid="contacts-grade-filter"
      />
      <NumberFilter
        label={t('leadFilters.minFit')}
        value={params.minFitScore}
        onChange={(minFitScore) => update({ minFitScore })}
        min={0}
        max={100}
        integer
        testId="contacts-min-fit-filter"
        w={width(110)}
      />
      <NumberFilter
        label={t('leadFilters.maxFit')}
        value={params.maxFitScore}
        onChange={(maxFitScore) => update({ maxFitScore })}
        min={0}
        max={100}
        integer
        testId="contacts-max-fit-filter"
        w={width(110)}
      />
      <NumberFilter
        label={t('leadFilters.minEngagement')}
        value={params.minEngagement}
        onChange={(minEngagement) => update({ minEngagement })}
        min={0}
        max={1_000_000}
        testId="contacts-min-engagement-filter"
        w={width(130)}
      />
      <Select
        label={t('leadFilters.why')}
        placeholder={t('leadFilters.anyReason')}
        clearable
        data={whyOptions}
        value={whyValue(params)}
        onChange={(value) =>
          value?.startsWith('event:')
            ? update({ reason: null, reasonEvent: value.slice('event:'.length) })
            : update({ reason: value, reasonEvent: null })
        }
        w={width(190)}
        data-testid="contacts-why-filter"
      />
      <ValueFilter
        field="source"
        label={t('leadFilters.source')}
        value={params.source ?? ''}
        onChange={(source) => update({ source })}
        testId="contacts-source-filter"
        w={width(170)}
      />
      <ValueFilter
        field="campaign"
        label={t('leadFilters.campaign')}
        value={params.campaign ?? ''}
        onChange={(campaign) => update({ campaign })}
        testId="contacts-campaign-filter"
        w={width(170)}
      />
      {filtered && !stacked && (
        <Button variant="subtle" mt={25} onClick={() => update(CLEAR_FILTERS)} data-testid="contacts-clear-filters">
          {t('common.clearFilters')}
        </Button>
      )}
    </Group>
  );
}
