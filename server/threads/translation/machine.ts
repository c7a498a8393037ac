import type { Glossary } from './glossary.js';
import type { MachineResult, TranslationProvider } from './provider.js';

/**
 * One machine translation as the platform makes it: the network's key terms protected by the
 * glossary, the provider called with a timeout. Messages (Translations) and roundtable questions
 * use it; a failure is the provider's ProviderError.
 */
export class MachineTranslator {
  constructor(
    private readonly provider: TranslationProvider,
    private readonly glossary: Glossary,
    private readonly timeoutMs: number,
  ) {}

  get name(): string {
    return this.provider.name;
  }

  /** `source` is a BCP 47 tag, or 'auto'. */
  async translate(text: string, source: string, target: string): Promise<MachineResult> {
    const guarded = this.glossary.protect(text, source, target);
    const result = await this.provider.translate({
      text: guarded.text,
      source,
      target,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    return { ...result, text: guarded.restore(result.text) };
  }
}
