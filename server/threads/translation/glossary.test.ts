import { describe, expect, it } from 'vitest';
import { Glossary } from './glossary.js';

/** What a provider might do to the protected text: translate the words around the tokens. */
const provider = (text: string, f: (s: string) => string = (s) => s) => f(text);

describe('the glossary protects key terms through machine translation', () => {
  const glossary = new Glossary();

  it('swaps English terms for tokens and puts the French words back', () => {
    const p = glossary.protect('The steering committee reviews the action plan of each advisory group.', 'en', 'fr');
    expect(p.text).not.toMatch(/steering committee|action plan|advisory group/i);
    expect(p.text).toContain('[[0]]');
    const out = p.restore(provider(p.text, (s) => s.replace('The', 'Le').replace('reviews the', 'examine le')));
    expect(out).toContain('comité de pilotage');
    expect(out).toContain('plan d’action');
    expect(out).toContain('groupe consultatif régional');
    // the gloss in parentheses ("comité de pilotage (international)") is not put into a message
    expect(out).not.toContain('(international)');
  });

  it('restores tokens a provider spaced out, and keeps a capital at the start of a sentence', () => {
    const p = glossary.protect('Roundtable tomorrow; the hub sends the link.', 'en', 'fr');
    const spaced = p.text.replace(/\[\[(\d+)\]\]/g, '[ [ $1 ] ]');
    expect(p.restore(spaced)).toBe('Table ronde tomorrow; the pôle sends the link.');
  });

  it('reads the terms in the source language too: Arabic and Macedonian into English', () => {
    const ar = glossary.protect('ناقشت اللجنة التوجيهية خطة عمل المنطقة', 'ar', 'en');
    expect(ar.restore(ar.text)).toBe('ناقشت steering committee action plan المنطقة');
    const mk = glossary.protect('Акциски план на регионалната советодавна група', 'mk', 'en');
    expect(mk.restore(mk.text)).toBe('Action plan на регионалната советодавна група');
  });

  it('goes from one network language to another through the shared terms (French to Albanian)', () => {
    const p = glossary.protect('Le plan d’action et la table ronde', 'fr', 'sq');
    expect(p.restore(p.text)).toBe('Le plan veprimi et la tryezë e rrumbullakët');
  });

  it('with an unknown source language, looks for every language’s terms', () => {
    const p = glossary.protect('Réunion de la table ronde and the steering committee', 'auto', 'sw');
    expect(p.restore(p.text)).toBe('Réunion de la mkutano wa meza ya duara and the kamati ya uongozi');
  });

  it('does not touch a term inside a longer word, nor text without terms', () => {
    const p = glossary.protect('The hubris of hubs; nothing else here.', 'en', 'fr');
    expect(p.text).toBe('The hubris of hubs; nothing else here.');
  });

  it('leaves text that already holds token-like brackets alone (its own [[0]] is not replaced)', () => {
    const p = glossary.protect('See [[0]] and the action plan', 'en', 'fr');
    expect(p.text).toBe('See [[0]] and the action plan');
    expect(p.restore('Voir [[0]] et the action plan')).toBe('Voir [[0]] et the action plan');
  });

  it('protects nothing for a language without a glossary', () => {
    const p = glossary.protect('The action plan', 'en', 'de');
    expect(p.text).toBe('The action plan');
  });
});
