import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Infinity],
];

/** "3 min ago" / "قبل 3 دقائق" for an ISO time, in the interface language. */
export function useRelativeTime() {
  const { i18n } = useTranslation();
  const format = useMemo(
    () => new Intl.RelativeTimeFormat(i18n.language, { numeric: 'auto', style: 'short' }),
    [i18n.language],
  );
  return (iso: string) => {
    let value = (new Date(iso).getTime() - Date.now()) / 1000;
    for (const [unit, size] of STEPS) {
      if (Math.abs(value) < size) return format.format(Math.round(value), unit);
      value /= size;
    }
    return format.format(Math.round(value), 'year');
  };
}
