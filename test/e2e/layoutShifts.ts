import type { Page } from '@playwright/test';

interface Shifts {
  cls: number;
  moved: string[];
}

/**
 * From the page's next navigation on, sums the layout shifts nobody caused (no recent input), as
 * Lighthouse's CLS sums them, and notes the start of each moved element's HTML.
 */
export async function watchLayoutShifts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const shifts: Shifts = { cls: 0, moved: [] };
    (window as unknown as { layoutShifts: Shifts }).layoutShifts = shifts;
    type Entry = { value: number; hadRecentInput: boolean; sources: { node?: Node }[] };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as Entry[]) {
        if (entry.hadRecentInput) continue;
        shifts.cls += entry.value;
        for (const { node } of entry.sources)
          if (node instanceof Element) shifts.moved.push(node.outerHTML.slice(0, 80));
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** What `watchLayoutShifts` has summed on the page so far. */
export function layoutShifts(page: Page): Promise<Shifts> {
  return page.evaluate(() => (window as unknown as { layoutShifts: Shifts }).layoutShifts);
}
