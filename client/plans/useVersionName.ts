import { useTranslation } from 'react-i18next';
import { versionNameMeaning, type VersionNameMeaning } from '../../shared/plans/versionNames';

/** A version's name as a reader sees it: the ones the server took by itself in their language. */
export function useVersionName(): (name: string) => string {
  const { t } = useTranslation();
  const say = (meaning: VersionNameMeaning): string => {
    switch (meaning.kind) {
      case 'created':
      case 'checkpoint':
        return t(`plans.versions.auto.${meaning.kind}`);
      case 'status':
        return t('plans.versions.auto.status', { status: t(`plans.planStatuses.${meaning.status}`) });
      case 'restore':
        return t('plans.versions.auto.restore', { name: say(meaning.of) });
      case 'named':
        return meaning.name;
    }
  };
  return (name) => say(versionNameMeaning(name));
}
