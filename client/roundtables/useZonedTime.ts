import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** This device's IANA time zone. */
export const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Formats an instant in the reader's zone and in another (the organiser's), in the interface language. */
export function useZonedTime() {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const format = (iso: string, timeZone?: string) =>
      new Intl.DateTimeFormat(i18n.language, {
        dateStyle: 'full',
        timeStyle: 'short',
        ...(timeZone ? { timeZone } : {}),
      }).format(new Date(iso));
    const zoneName = (iso: string, timeZone: string) =>
      new Intl.DateTimeFormat(i18n.language, { timeZone, timeZoneName: 'long' })
        .formatToParts(new Date(iso))
        .find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
    return { format, zoneName };
  }, [i18n.language]);
}
