import type { DateOptions } from '../../shared/i18n/format';
import { useFormat } from './useFormat';

/** Formats ISO timestamps in the interface language. */
export function useDateFormat(options: DateOptions = { dateStyle: 'medium', timeStyle: 'short' }) {
  const format = useFormat();
  return (iso: string) => format.date(iso, options);
}
