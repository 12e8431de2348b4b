import type { TFunction } from 'i18next';

/** Sources Tandem itself gives a contact when none is named (a form, an import, the leads API). */
const TANDEM_SOURCES = ['form', 'import', 'api'] as const;
type TandemSource = (typeof TANDEM_SOURCES)[number];
const isTandemSource = (source: string): source is TandemSource =>
  (TANDEM_SOURCES as readonly string[]).includes(source);

/**
 * A contact's source as the UI shows it: the ones Tandem writes itself in the UI's language, anything a
 * person typed (website, event, a partner's name) as typed. Null when there is none.
 */
export function sourceText(source: string | null | undefined, t: TFunction): string | null {
  if (!source) return null;
  return isTandemSource(source) ? t(`sources.${source}`) : source;
}
