import { createTheme, Modal, Notification, Select, type MantineThemeOverride } from '@mantine/core';
import type { Locale } from './i18n/format.js';

const LATIN_FONTS =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif";
// Vazirmatn when the user has it installed; Tahoma and Segoe UI carry good Persian glyphs on most systems.
const PERSIAN_FONTS = "'Vazirmatn', 'Tahoma', 'Segoe UI', 'Noto Sans Arabic', sans-serif";

/** Accessible names of Mantine's icon buttons, in the UI language. */
export interface ThemeLabels {
  clear: string;
  close: string;
}

export function themeFor(locale: Locale, labels: ThemeLabels): MantineThemeOverride {
  const fontFamily = locale === 'fa' ? PERSIAN_FONTS : LATIN_FONTS;
  return createTheme({
    primaryColor: 'indigo',
    defaultRadius: 'md',
    fontFamily,
    headings: { fontFamily },
    cursorType: 'pointer',
    components: {
      Select: Select.extend({ defaultProps: { clearButtonProps: { 'aria-label': labels.clear } } }),
      Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': labels.close } } }),
      Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': labels.close } } }),
    },
  });
}
