import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibreTranslateProvider } from '../../server/threads/translation/libretranslate.js';
import { ProviderError } from '../../server/threads/translation/provider.js';
import { startFakeLibreTranslate, type FakeLibreTranslate } from '../helpers/fakeLibreTranslate.js';

const post = (url: string, body: unknown) =>
  fetch(`${url}/translate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('the fake LibreTranslate speaks the documented contract', () => {
  let fake: FakeLibreTranslate;
  beforeAll(async () => {
    fake = await startFakeLibreTranslate();
  });
  afterAll(() => fake.close());

  it('translates a JSON body, detects an "auto" source and gives alternatives when asked', async () => {
    const res = await post(fake.url, { q: 'مرحبا', source: 'auto', target: 'fr', alternatives: 2 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      translatedText: '‹fr› مرحبا',
      detectedLanguage: { confidence: 95, language: 'ar' },
      alternatives: ['‹fr› مرحبا (2)', '‹fr› مرحبا (3)'],
    });
  });

  it('takes an array of texts and a form body, and keeps html tags', async () => {
    const arr = await post(fake.url, { q: ['one', 'two'], source: 'en', target: 'ar' });
    expect(await arr.json()).toEqual({ translatedText: ['‹ar› one', '‹ar› two'] });
    const form = await fetch(`${fake.url}/translate`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ q: '<p class="x">Hello</p>', source: 'en', target: 'fr', format: 'html' }),
    });
    expect(await form.json()).toEqual({ translatedText: '<p class="x">‹fr› Hello</p>' });
  });

  it('lists languages with their targets', async () => {
    const languages = (await (await fetch(`${fake.url}/languages`)).json()) as { code: string; targets: string[] }[];
    expect(languages.find((l) => l.code === 'ar')).toEqual({
      code: 'ar',
      name: 'Arabic',
      targets: expect.arrayContaining(['fr', 'en']),
    });
  });

  it('answers errors as LibreTranslate does: 400, 403, 429, 500 with { error }', async () => {
    expect((await post(fake.url, { source: 'en', target: 'fr' })).status).toBe(400);
    const unsupported = await post(fake.url, { q: 'x', source: 'en', target: 'xx' });
    expect([unsupported.status, await unsupported.json()]).toEqual([400, { error: 'xx is not supported' }]);
    fake.apiKey = 'secret';
    const noKey = await post(fake.url, { q: 'x', source: 'en', target: 'fr' });
    expect([noKey.status, await noKey.json()]).toEqual([403, { error: 'Invalid API key' }]);
    expect((await post(fake.url, { q: 'x', source: 'en', target: 'fr', api_key: 'secret' })).status).toBe(200);
    fake.apiKey = undefined;
    fake.mode = 'rate_limited';
    expect((await post(fake.url, { q: 'x', source: 'en', target: 'fr' })).status).toBe(429);
    fake.mode = 'error';
    expect(await (await post(fake.url, { q: 'x', source: 'en', target: 'fr' })).json()).toEqual({
      error: 'Translation error',
    });
    fake.mode = 'ok';
  });
});

describe('the LibreTranslate adapter', () => {
  let fake: FakeLibreTranslate;
  beforeAll(async () => {
    fake = await startFakeLibreTranslate({ apiKey: 'k-123' });
  });
  afterAll(() => fake.close());
  const signal = () => AbortSignal.timeout(2000);

  it('sends q, source, target, format and the API key, and reads the translation', async () => {
    const provider = new LibreTranslateProvider(fake.url, 'k-123');
    expect(await provider.translate({ text: 'Bonjour', source: 'fr', target: 'sr-Cyrl', signal: signal() })).toEqual({
      text: '‹sr› Bonjour',
    });
    expect(fake.calls.at(-1)).toMatchObject({
      q: 'Bonjour',
      source: 'fr',
      target: 'sr',
      format: 'text',
      apiKey: 'k-123',
      contentType: 'application/json',
    });
    expect(await provider.translate({ text: 'مرحبا', source: 'auto', target: 'en', signal: signal() })).toEqual({
      text: '‹en› مرحبا',
      detectedLanguage: 'ar',
    });
  });

  const failure = async (provider: LibreTranslateProvider, s = signal()) =>
    provider.translate({ text: 'x', source: 'en', target: 'fr', signal: s }).then(
      () => null,
      (e: unknown) => (e instanceof ProviderError ? e.failure : e),
    );

  it('turns each failure into a named one', async () => {
    expect(await failure(new LibreTranslateProvider(fake.url, 'wrong'))).toBe('bad_api_key');
    const provider = new LibreTranslateProvider(`${fake.url}/`, 'k-123');
    expect(
      await provider
        .translate({ text: 'x', source: 'en', target: 'de', signal: signal() })
        .catch((e: ProviderError) => e.failure),
    ).toBe('unsupported_language');
    for (const [mode, want] of [
      ['rate_limited', 'rate_limited'],
      ['error', 'provider_error'],
      ['drop', 'unreachable'],
    ] as const) {
      fake.mode = mode;
      expect(await failure(provider), mode).toBe(want);
    }
    fake.mode = 'hang';
    expect(await failure(provider, AbortSignal.timeout(300))).toBe('timeout');
    fake.mode = 'ok';
    const closed = await startFakeLibreTranslate();
    await closed.close();
    expect(await failure(new LibreTranslateProvider(closed.url, undefined))).toBe('unreachable');
  });
});
