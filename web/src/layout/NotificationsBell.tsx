import { ActionIcon, Indicator, Menu, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMarkNotificationRead, useNotifications, type AppNotification } from '../api/handoffs.js';
import { useFormat } from '../i18n/useFormat.js';

const KINDS = ['assigned', 'queued', 'reminder', 'breached', 'escalated', 'reassigned_away'] as const;
type Kind = (typeof KINDS)[number];

function kindOf(n: AppNotification): Kind | null {
  const kind = n.kind.startsWith('handoff.') ? n.kind.slice('handoff.'.length) : '';
  return (KINDS as readonly string[]).includes(kind) ? (kind as Kind) : null;
}

/** The bell in the header: unread count, the latest notifications; a click marks one read and opens its lead. */
export function NotificationsBell() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const list = useNotifications();
  const read = useMarkNotificationRead();
  const items = list.data?.items ?? [];
  const unread = items.filter((n) => !n.readAt).length;
  const label = (n: AppNotification) => {
    const kind = kindOf(n);
    const name = typeof n.payload['contactName'] === 'string' ? n.payload['contactName'] : '';
    return kind ? t(`notifications.kinds.handoff.${kind}`, { name }) : t('notifications.generic');
  };

  return (
    <Menu position="bottom-end" width={320} withinPortal={false}>
      <Menu.Target>
        <Indicator label={format.number(unread)} size={16} disabled={unread === 0} offset={4}>
          <ActionIcon
            variant="subtle"
            size="lg"
            aria-label={t('notifications.title', { count: unread })}
            data-testid="notifications-bell"
            data-unread={unread}
          >
            <svg
              width="20"
              height="20"
              viewBox="0 0 24 24"
              fill="none"
              stroke="currentColor"
              strokeWidth="2"
              aria-hidden
            >
              <path d="M18 8a6 6 0 1 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
              <path d="M13.7 21a2 2 0 0 1-3.4 0" />
            </svg>
          </ActionIcon>
        </Indicator>
      </Menu.Target>
      <Menu.Dropdown>
        {items.length === 0 ? (
          <Text size="sm" c="dimmed" p="sm">
            {t('notifications.empty')}
          </Text>
        ) : (
          items.map((n) => (
            <Menu.Item
              key={n.id}
              data-testid="notification-item"
              data-read={n.readAt ? 'true' : 'false'}
              onClick={() => {
                if (!n.readAt) read.mutate(n.id);
                if (n.contactId) void navigate(`/contacts/${n.contactId}`);
              }}
            >
              <Text size="sm" fw={n.readAt ? 400 : 600}>
                {label(n)}
              </Text>
              <Text size="xs" c="dimmed">
                {format.dateTime(n.createdAt)}
              </Text>
            </Menu.Item>
          ))
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
