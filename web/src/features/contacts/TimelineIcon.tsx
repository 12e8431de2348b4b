import { ThemeIcon } from '@mantine/core';
import type { ReactNode } from 'react';
import type { TimelineItem } from '../../api/types.js';

const PATHS: Record<string, ReactNode> = {
  page_view: (
    <>
      <path d="M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12z" />
      <circle cx="12" cy="12" r="3" />
    </>
  ),
  form_submitted: (
    <>
      <rect x="5" y="3" width="14" height="18" rx="2" />
      <path d="M9 8h6M9 12h6M9 16h4" />
    </>
  ),
  email_opened: (
    <>
      <path d="M3 10l9-6 9 6v9a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z" />
      <path d="M3 10l9 6 9-6" />
    </>
  ),
  email_clicked: (
    <>
      <path d="M10 14a4 4 0 0 0 5.66 0l3-3a4 4 0 0 0-5.66-5.66l-1 1" />
      <path d="M14 10a4 4 0 0 0-5.66 0l-3 3a4 4 0 0 0 5.66 5.66l1-1" />
    </>
  ),
  ad_clicked: (
    <>
      <path d="M3 11v2a1 1 0 0 0 1 1h2l5 4V6L6 10H4a1 1 0 0 0-1 1z" />
      <path d="M15 9a3 3 0 0 1 0 6" />
    </>
  ),
  unsubscribed: (
    <>
      <rect x="3" y="5" width="18" height="14" rx="2" />
      <path d="M3 7l9 6 9-6M9 17l6-6" />
    </>
  ),
  email_bounced: (
    <>
      <rect x="3" y="5" width="18" height="14" rx="2" />
      <path d="M3 7l9 6 9-6" />
    </>
  ),
  temperature: <path d="M10 13.5V5a2 2 0 1 1 4 0v8.5a4 4 0 1 1-4 0z" />,
  other: <circle cx="12" cy="12" r="4" />,
};

const COLORS: Record<string, string> = {
  page_view: 'blue',
  form_submitted: 'teal',
  email_opened: 'violet',
  email_clicked: 'grape',
  ad_clicked: 'orange',
  unsubscribed: 'red',
  email_bounced: 'red',
  cold: 'blue',
  warm: 'orange',
  qualified: 'green',
  other: 'gray',
};

/** A small icon per kind of entry: one per common event type, a thermometer for temperature changes. */
export function TimelineIcon({ item }: { item: TimelineItem }) {
  const key = item.kind === 'temperature' ? 'temperature' : item.type in PATHS ? item.type : 'other';
  const color = item.kind === 'temperature' ? (COLORS[item.to] ?? 'gray') : (COLORS[key] ?? 'gray');
  return (
    <ThemeIcon variant="light" color={color} radius="xl" size="md" aria-hidden>
      <svg
        width="16"
        height="16"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        {PATHS[key]}
      </svg>
    </ThemeIcon>
  );
}
