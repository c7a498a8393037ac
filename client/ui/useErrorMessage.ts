import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/errors';
import { ApiRequestError } from '../app/api';

/** Ids in addresses and bodies: a person only ever meets these as a link. */
const LINK_FIELDS = /(^|\.)(id|roomId|groupId|cityId|hubId|userId|before|token)$/;

/** Turns an API error (REST or socket ack) into a sentence in the user's language. */
export function useErrorMessage(): (error: unknown) => string {
  const { t } = useTranslation();
  const fieldSentence = (path: string) => {
    if (LINK_FIELDS.test(path)) return t('validation.link');
    const field = path.split('.').findLast((part) => !/^\d+$/.test(part)) ?? '';
    return field ? t(`validation.${field}`, { defaultValue: '' }) : '';
  };
  return (error) => {
    const apiError: ApiError | undefined =
      error instanceof ApiRequestError
        ? error.error
        : error && typeof error === 'object' && 'code' in error
          ? (error as ApiError)
          : undefined;
    if (!apiError) return t('errors.generic');
    if (apiError.code === 'bad_request') {
      // never the validator's developer text: one human sentence per field, or a general one
      const sentences = [...new Set((apiError.issues ?? []).map((i) => fieldSentence(i.path)))];
      return sentences.length > 0 && sentences.every(Boolean) ? sentences.join(' ') : t('validation.generic');
    }
    // a stable reason the server gives is translated here; its English message never shows
    const general = t(`errors.${apiError.code}`, { message: apiError.message, defaultValue: t('errors.generic') });
    if (apiError.reason) return t(`errors.reasons.${apiError.reason}`, { ...apiError.params, defaultValue: general });
    return general;
  };
}
