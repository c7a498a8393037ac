import { z } from 'zod';
import { ProviderError, type MachineResult, type TranslationProvider } from './provider.js';

/** LibreTranslate takes the language subtag alone ("sr" for "sr-Cyrl"); traditional Chinese is "zt". */
function toLibreCode(tag: string): string {
  const [language = tag, ...rest] = tag.split('-');
  return language === 'zh' && rest.includes('Hant') ? 'zt' : language;
}

const answerSchema = z.object({
  translatedText: z.string(),
  detectedLanguage: z.object({ language: z.string(), confidence: z.number().optional() }).optional(),
});
const errorSchema = z.object({ error: z.string() });

/**
 * POST /translate with a JSON body `{ q, source, target, format: 'text', api_key? }` (the API key
 * only when one is configured); `{ translatedText, detectedLanguage? }` back. Errors come as
 * `{ error }` with 400 (bad request, unsupported language), 403 (API key), 429 (slow down), 500.
 */
export class LibreTranslateProvider implements TranslationProvider {
  readonly name = 'libretranslate';

  constructor(
    private readonly url: string,
    private readonly apiKey: string | undefined,
  ) {}

  async translate({
    text,
    source,
    target,
    signal,
  }: {
    text: string;
    source: string;
    target: string;
    signal: AbortSignal;
  }): Promise<MachineResult> {
    const body = {
      q: text,
      source: source && source !== 'auto' ? toLibreCode(source) : 'auto',
      target: toLibreCode(target),
      format: 'text',
      ...(this.apiKey ? { api_key: this.apiKey } : {}),
    };
    let res: Response;
    try {
      res = await fetch(new URL('translate', this.url.endsWith('/') ? this.url : `${this.url}/`), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw new ProviderError('timeout', 'LibreTranslate did not answer in time');
      throw new ProviderError('unreachable', `LibreTranslate is unreachable: ${(error as Error).message}`);
    }
    const raw = await res.text().catch(() => {
      throw new ProviderError(signal.aborted ? 'timeout' : 'unreachable', 'LibreTranslate broke off its answer');
    });
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new ProviderError(
        res.ok ? 'bad_answer' : 'provider_error',
        `LibreTranslate answered ${res.status}, not JSON`,
        res.status,
      );
    }
    if (!res.ok) {
      const message = errorSchema.safeParse(json).data?.error ?? `status ${res.status}`;
      const failure =
        res.status === 403
          ? 'bad_api_key'
          : res.status === 429
            ? 'rate_limited'
            : res.status === 400
              ? /language|not supported/i.test(message)
                ? 'unsupported_language'
                : 'bad_request'
              : 'provider_error';
      throw new ProviderError(failure, `LibreTranslate: ${message}`, res.status);
    }
    const answer = answerSchema.safeParse(json);
    if (!answer.success) throw new ProviderError('bad_answer', 'LibreTranslate answered without translatedText');
    return {
      text: answer.data.translatedText,
      ...(answer.data.detectedLanguage ? { detectedLanguage: answer.data.detectedLanguage.language } : {}),
    };
  }
}
