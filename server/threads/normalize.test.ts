import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeForSearch, searchPattern } from '../../shared/threads/normalize.js';

/**
 * Real Arabic from the network's own pages (see docs/threads.md): the excerpts kept in
 * test/fixtures/seeds-arabic.txt, or the first pages of a seeds folder named by ROUNDTABLE_SEEDS.
 */
function readSeeds(): string {
  const folder = process.env.ROUNDTABLE_SEEDS;
  if (folder)
    return readdirSync(folder)
      .filter((f) => f.endsWith('.txt'))
      .slice(0, 5)
      .map((f) => readFileSync(path.join(folder, f), 'utf8'))
      .join('\n');
  const fixture = path.resolve(import.meta.dirname, '../../test/fixtures/seeds-arabic.txt');
  return readFileSync(fixture, 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n');
}
const seedText = readSeeds();

const matches = (text: string, query: string) => new RegExp(searchPattern(query)).test(normalizeForSearch(text));

describe('normalizeForSearch', () => {
  it("finds the seed text's words whichever way the alef carries its hamza", () => {
    // the seeds write both إفريقيا and أفريقيا
    expect(seedText).toContain('إفريقيا');
    expect(seedText).toContain('أفريقيا');
    for (const spelling of ['افريقيا', 'إفريقيا', 'أفريقيا', 'آفريقيا', 'ٱفريقيا']) {
      expect(normalizeForSearch(spelling)).toBe('افريقيا');
    }
    expect(matches(seedText, 'شمال افريقيا')).toBe(true);
  });

  it('drops tashkeel (harakat, tanwin, shadda, sukun) and tatweel', () => {
    expect(seedText).toContain('تلقائيًا');
    expect(normalizeForSearch('تلقائيًا')).toBe(normalizeForSearch('تلقائيا'));
    expect(normalizeForSearch('يُنظر')).toBe('ينظر');
    expect(normalizeForSearch('مُبَادَرَةٌ')).toBe(normalizeForSearch('مبادرة'));
    expect(normalizeForSearch('شدّة')).toBe(normalizeForSearch('شدة'));
    expect(normalizeForSearch('مـــدن')).toBe('مدن');
  });

  it('treats taa marbuta as haa and alef maqsura and Farsi yeh as yaa', () => {
    expect(seedText).toContain('مبادرة');
    expect(normalizeForSearch('مبادرة')).toBe(normalizeForSearch('مبادره'));
    expect(seedText).toContain('على');
    expect(normalizeForSearch('على')).toBe(normalizeForSearch('علي'));
    expect(normalizeForSearch('علی')).toBe(normalizeForSearch('علي'));
  });

  it('folds hamza carried on waw and yaa, keeps the standalone hamza', () => {
    expect(seedText).toContain('لرؤساء');
    expect(normalizeForSearch('لرؤساء')).toBe('لروساء');
    expect(normalizeForSearch('بيئة')).toBe(normalizeForSearch('بييه'));
    expect(normalizeForSearch('ء')).toBe('ء');
  });

  it('reads Arabic-Indic and Eastern Arabic-Indic digits as 0–9', () => {
    expect(normalizeForSearch('٢٠٢٦ ۲۰۲۶')).toBe('2026 2026');
  });

  it('is case- and diacritic-insensitive for Latin and Cyrillic', () => {
    expect(normalizeForSearch('ČAJ i Kafa — Đakovica, ŠKOLA')).toBe('caj i kafa — dakovica, skola');
    expect(normalizeForSearch('Ѓорче Петров, Ќерка, Йован')).toBe('горче петров, керка, иован');
    expect(normalizeForSearch('Crème Brûlée Straße')).toBe('creme brulee strasse');
    expect(normalizeForSearch('  many \n\t spaces  ')).toBe('many spaces');
  });

  it('leaves regular-expression syntax in a query literal', () => {
    expect(searchPattern('(2026) [draft] *.*')).toBe('\\(2026\\) \\[draft\\] \\*\\.\\*');
    expect(matches('a.b', '.')).toBe(true);
    expect(matches('ab', 'a.b')).toBe(false);
  });
});
