import { useTranslation } from 'react-i18next';

/** "5 members" or, for a capped group, "5 of 8 members". */
export function MemberCount({ count, cap }: { count: number; cap: number | null }) {
  const { t } = useTranslation();
  return cap === null
    ? t('groups.memberCount', { count })
    : t('groups.memberCountOfCap', { count: cap, members: count });
}
