import { Alert, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../api/auth.js';
import { canManageSla } from '../../api/sla.js';
import { PageHeader } from '../../components/PageHeader.js';
import { RoutingFairness } from './RoutingFairness.js';
import { RoutingPreview } from './RoutingPreview.js';
import { RoutingRules } from './RoutingRules.js';
import { TeamMembers } from './TeamMembers.js';

/** /sales/routing: routing rules (first match wins), each team's members, fairness, and a preview. */
export function RoutingPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const canEdit = canManageSla(user.role);
  return (
    <Stack gap="md">
      <PageHeader title={t('routingAdmin.title')} subtitle={t('routingAdmin.intro')} titleTestId="routing-title" />
      {!canEdit && (
        <Alert color="gray" data-testid="routing-read-only">
          {t('routingAdmin.readOnly')}
        </Alert>
      )}
      <RoutingRules canEdit={canEdit} />
      <TeamMembers canEdit={canEdit} />
      <RoutingFairness />
      <RoutingPreview />
    </Stack>
  );
}
