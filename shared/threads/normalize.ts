/**
 * Folds text for search so that a query matches regardless of case, diacritics and the
 * spelling variants Arabic writers use interchangeably. Both the stored search field and the
 * query go through it, so the rules only need to be applied the same way on both sides.
 *
 * - Unicode compatibility decomposition (NFKD), then every combining mark is dropped: Latin
 *   accents (é → e, č → c), Cyrillic breves (й → и), and Arabic tashkeel (fatha, damma, kasra,
 *   tanwin, shadda, sukun, superscript alef) — they are all marks. The hamza and madda *carried*
 *   by a letter are marks after decomposition too, so أ إ آ → ا, ؤ → و, ئ → ي.
 * - Letters NFKD leaves alone: alef wasla ٱ → ا; taa marbuta ة → ه; alef maqsura ى and Farsi yeh
 *   ی → ي; keheh ک → ك; đ → d, ł → l, ø → o, ß → ss; tatweel (ـ) is removed.
 * - The standalone hamza ء is kept (it is a letter in its own right).
 * - Arabic-Indic and Eastern Arabic-Indic digits → 0–9.
 * - Lower case, and runs of white space become one space.
 */
export function normalizeForSearch(text: string): string {
  let out = text.normalize('NFKD').replace(/\p{M}/gu, '');
  out = out.replace(/[\u0640]/g, '').replace(/[^\s]/gu, (ch) => LETTER_FOLDS[ch] ?? ch);
  out = out.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660));
  out = out.replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
  return out.toLowerCase().replace(/\s+/g, ' ').trim();
}

const LETTER_FOLDS: Record<string, string> = {
  '\u0671': '\u0627', // ٱ alef wasla → ا
  '\u0672': '\u0627',
  '\u0673': '\u0627',
  '\u0629': '\u0647', // ة taa marbuta → ه
  '\u0649': '\u064A', // ى alef maqsura → ي
  '\u06CC': '\u064A', // ی Farsi yeh → ي
  '\u06D2': '\u064A',
  '\u06A9': '\u0643', // ک keheh → ك
  đ: 'd',
  Đ: 'd',
  ł: 'l',
  Ł: 'l',
  ø: 'o',
  Ø: 'o',
  ß: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ı: 'i',
};

/** The query as a regular expression source matching it literally inside a normalized field. */
export function searchPattern(query: string): string {
  return escapeRegex(normalizeForSearch(query));
}

/** Text as a regular expression source matching it literally. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
