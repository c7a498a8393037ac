/** The period after `period` (2026-H1 → 2026-H2 → 2027-H1); the current half-year when there is none. */
export function nextPeriod(period: string | undefined, now = new Date()): string {
  if (!period) return `${now.getUTCFullYear()}-H${now.getUTCMonth() < 6 ? 1 : 2}`;
  const year = Number(period.slice(0, 4));
  return period.endsWith('1') ? `${year}-H2` : `${year + 1}-H1`;
}

/** The period before `period` (2026-H1 → 2025-H2). */
export function previousPeriod(period: string): string {
  const year = Number(period.slice(0, 4));
  return period.endsWith('2') ? `${year}-H1` : `${year - 1}-H2`;
}
