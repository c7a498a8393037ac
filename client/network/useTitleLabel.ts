import { useTranslation } from 'react-i18next';
import { PERSON_TITLES } from '../../shared/schemas/network';

const KNOWN = new Set<string>(PERSON_TITLES);

/** A person's title in the interface language when it is one of the usual ones, else as they wrote it. */
export function useTitleLabel(): (title: string) => string {
  const { t } = useTranslation();
  return (title) => (KNOWN.has(title) ? t(`titles.${title}`) : title);
}
