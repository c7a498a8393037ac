import { useFormat } from '../ui/useFormat';

/** "3 min ago" / "قبل 3 دقائق" for an ISO time, in the interface language. */
export function useRelativeTime() {
  const format = useFormat();
  return (iso: string) => format.ago(iso);
}
