import type { QuestionTranslation } from '../../shared/roundtables/schemas.js';
import { badRequest } from '../errors.js';
import type { Logger } from '../logger.js';
import type { MachineTranslator } from '../threads/translation/machine.js';
import { ProviderError } from '../threads/translation/provider.js';
import type { LiveSessions, SessionId } from './live.js';

/** Translations kept in memory at most (the least recently used go first). */
const KEPT = 2000;

/**
 * Questions shown in a reader's language through the threads' machine translation (glossary,
 * timeout, LibreTranslate). A question's text never changes, so each (question, language) is
 * translated once and kept in memory for every later reader; readers asking at once share one
 * call. A translation is only ever served for a question that is still visible.
 */
export class QuestionTranslations {
  private readonly kept = new Map<string, string>();
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(
    private readonly live: LiveSessions,
    private readonly machine: MachineTranslator | null,
    private readonly logger: Logger,
  ) {}

  async translate(id: SessionId, questionId: string, language: string): Promise<QuestionTranslation> {
    const record = await this.live.record(id);
    const question = record.questions.find((q) => q.id === questionId && q.status !== 'hidden');
    if (!question) throw badRequest('questionId: no such question');
    if (!this.machine) return { text: null, language, machine: 'off' };
    if (question.language === language) return { text: question.text, language, machine: 'ok' };
    const key = `${id.roundtableId}:${id.session}:${questionId}:${language}`;
    const known = this.kept.get(key);
    if (known !== undefined) {
      this.keep(key, known);
      return { text: known, language, machine: 'ok' };
    }
    let call = this.inflight.get(key);
    if (!call) {
      const machine = this.machine;
      call = machine
        .translate(question.text, question.language || 'auto', language)
        .then((result) => result.text)
        .finally(() => this.inflight.delete(key));
      this.inflight.set(key, call);
    }
    try {
      const text = await call;
      this.keep(key, text);
      return { text, language, machine: 'ok' };
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      this.logger.warn({ failure: error.failure, status: error.status }, 'could not translate a roundtable question');
      return { text: null, language, machine: 'unavailable' };
    }
  }

  private keep(key: string, text: string): void {
    this.kept.delete(key);
    this.kept.set(key, text);
    if (this.kept.size > KEPT) this.kept.delete(this.kept.keys().next().value!);
  }
}
