import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/errors';
import { ApiRequestError } from '../app/api';

/** Turns an API error (REST or socket ack) into a sentence in the user's language. */
export function useErrorMessage(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error) => {
    const apiError: ApiError | undefined =
      error instanceof ApiRequestError
        ? error.error
        : error && typeof error === 'object' && 'code' in error
          ? (error as ApiError)
          : undefined;
    if (!apiError) return t('errors.generic');
    return t(`errors.${apiError.code}`, { message: apiError.message, defaultValue: t('errors.generic') });
  };
}
