import { useFormat } from '../ui/useFormat';

/** This device's IANA time zone. */
export const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Formats an instant in the reader's zone and in another (the organiser's), in the interface language. */
export function useZonedTime() {
  const format = useFormat();
  return {
    format: (iso: string, timeZone?: string) =>
      format.date(iso, { dateStyle: 'full', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }),
    zoneName: (iso: string, timeZone: string) => format.zoneName(iso, timeZone),
  };
}
