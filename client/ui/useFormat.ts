import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { createFormatter, type Formatter, type Translate } from '../../shared/i18n/format';

/**
 * Dates, times, "how long ago" and lists in the interface language — right even where the
 * browser lacks the language's `Intl` data (Debian's Chromium: Albanian, Macedonian, Bosnian).
 */
export function useFormat(): Formatter {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? i18n.language;
  return useMemo(() => createFormatter(lng, t as Translate), [lng, t]);
}
