import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { matchUiLanguage } from '../../../shared/languages.js';

/**
 * The network's key terms, protected from machine translation: each is swapped for a placeholder
 * token before the text goes to the provider and replaced by the target language's agreed word
 * (`shared/i18n/glossary/<lng>.json`) after. A term is protected for a language pair only when
 * both languages have a word for it (English is the glossaries' own language).
 */
export const KEY_TERMS = ['steering committee', 'advisory group', 'action plan', 'roundtable', 'hub'] as const;
export type KeyTerm = (typeof KEY_TERMS)[number];

/** `{ language: { term: word } }`; a word's parenthesised part ("pôle (régional)") is a gloss, left out. */
export type Glossaries = Record<string, Partial<Record<KeyTerm, string>>>;

export function loadGlossaries(dir = path.resolve(import.meta.dirname, '../../../shared/i18n/glossary')): Glossaries {
  const out: Glossaries = { en: Object.fromEntries(KEY_TERMS.map((t) => [t, t])) };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const { terms } = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
      terms: Record<string, { translation?: string }>;
    };
    const words: Partial<Record<KeyTerm, string>> = {};
    for (const term of KEY_TERMS) {
      const word = terms[term]?.translation?.replace(/\s*\([^)]*\)\s*/g, ' ').trim();
      if (word) words[term] = word;
    }
    out[file.slice(0, -'.json'.length)] = words;
  }
  return out;
}

/** A token the provider passes through unchanged (digits and brackets, nothing to translate). */
const token = (n: number) => `[[${n}]]`;
/** Providers sometimes put spaces inside a token; any such spelling is restored. */
const TOKEN = /\[\s*\[\s*(\d+)\s*\]\s*\]/g;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A word as written: any case, either apostrophe, any run of spaces, not inside a longer word. */
function wordPattern(word: string): RegExp {
  const body = escape(word).replace(/['’]/g, "['’]").replace(/\s+/g, '\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}\\p{M}])${body}(?![\\p{L}\\p{N}\\p{M}])`, 'giu');
}

export interface Protected {
  /** The text to send, key terms replaced by tokens. */
  text: string;
  /** Puts the target words in place of the tokens in the provider's answer. */
  restore(translated: string): string;
}

export class Glossary {
  constructor(private readonly glossaries: Glossaries = loadGlossaries()) {}

  private wordsOf(tag: string): Partial<Record<KeyTerm, string>> {
    return this.glossaries[tag] ?? this.glossaries[matchUiLanguage(tag) ?? ''] ?? {};
  }

  /** `source` '' or 'auto': the terms are looked for in every language that has them. */
  protect(text: string, source: string, target: string): Protected {
    const targetWords = this.wordsOf(target);
    TOKEN.lastIndex = 0;
    if (TOKEN.test(text)) return { text, restore: (t) => t };
    const sources = source && source !== 'auto' ? [this.wordsOf(source)] : Object.values(this.glossaries);
    const found: { word: string; capital: boolean }[] = [];
    let out = text;
    for (const term of KEY_TERMS) {
      const word = targetWords[term];
      if (!word) continue;
      const forms = [...new Set(sources.map((w) => w[term]).filter((f): f is string => !!f))];
      // longest form first, so "groupe consultatif régional" wins over a shorter spelling
      for (const form of forms.sort((a, b) => b.length - a.length)) {
        out = out.replace(wordPattern(form), (match) => {
          found.push({ word, capital: match[0] !== match[0]!.toLowerCase() });
          return token(found.length - 1);
        });
      }
    }
    return {
      text: out,
      restore: (translated) =>
        translated.replace(TOKEN, (whole, n: string) => {
          const entry = found[Number(n)];
          if (!entry) return whole;
          return entry.capital ? entry.word[0]!.toLocaleUpperCase(target) + entry.word.slice(1) : entry.word;
        }),
    };
  }
}
