/**
 * A machine translation service. Adapters (LibreTranslate first) turn their service's answers
 * and failures into these; the rest of the server never sees a provider's wire format.
 */
export interface TranslationProvider {
  readonly name: string;
  /** `source` is a BCP 47 tag, or 'auto' to let the provider detect it. */
  translate(request: { text: string; source: string; target: string; signal: AbortSignal }): Promise<MachineResult>;
}

export interface MachineResult {
  text: string;
  /** What the provider detected when asked with 'auto'. */
  detectedLanguage?: string;
}

export type ProviderFailure =
  | 'timeout'
  | 'unreachable'
  | 'bad_request'
  | 'unsupported_language'
  | 'bad_api_key'
  | 'rate_limited'
  | 'provider_error'
  | 'bad_answer';

/** Why a machine translation could not be had this time (logged; the reader sees "unavailable"). */
export class ProviderError extends Error {
  constructor(
    readonly failure: ProviderFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}
