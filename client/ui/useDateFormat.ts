import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Formats ISO timestamps in the interface language. */
export function useDateFormat(options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }) {
  const { i18n } = useTranslation();
  const { dateStyle, timeStyle } = options;
  const format = useMemo(
    () => new Intl.DateTimeFormat(i18n.language, { dateStyle, timeStyle }),
    [i18n.language, dateStyle, timeStyle],
  );
  return (iso: string) => format.format(new Date(iso));
}
