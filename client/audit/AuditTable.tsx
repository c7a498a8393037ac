import { useTranslation } from 'react-i18next';
import type { AuditEntryView } from '../../shared/schemas/audit';
import { useDateFormat } from '../ui/useDateFormat';
import { CardTable } from '../ui/CardTable';

/** Audit entries as a table: when, who, what, and to whom. */
export function AuditTable({ entries }: { entries: AuditEntryView[] }) {
  const { t } = useTranslation();
  const formatDate = useDateFormat();
  const role = (value: unknown) => (typeof value === 'string' ? t(`roles.${value}`, { defaultValue: value }) : '');

  const what = (entry: AuditEntryView) =>
    t(`audit.actions.${entry.action}`, {
      role: role(entry.details.role),
      from: role(entry.details.from),
      to: role(entry.details.to),
      ...(typeof entry.details.messages === 'number' ? { count: entry.details.messages } : {}),
      // a hidden thread message: the moderator's reason, as written
      reason: typeof entry.details.reason === 'string' ? entry.details.reason : '',
      // action plans: '2026-H1' reads as '2026 H1'; a plan status in the reader's language
      period: typeof entry.details.period === 'string' ? entry.details.period.replace('-', ' ') : '',
      status: typeof entry.details.status === 'string' ? t(`plans.planStatuses.${entry.details.status}`) : '',
      defaultValue: entry.action,
    });

  const who = (entry: AuditEntryView) =>
    entry.actor.id === null ? (
      <span className="muted">{t('audit.system')}</span>
    ) : entry.actor.name ? (
      <bdi>{entry.actor.name}</bdi>
    ) : (
      <span className="muted">{t('thread.formerMember')}</span>
    );

  const target = (entry: AuditEntryView) => {
    if (entry.target) return <bdi>{entry.target.name || t('thread.formerMember')}</bdi>;
    if (typeof entry.details.email === 'string') return <bdi>{entry.details.email}</bdi>;
    return <span className="muted">—</span>;
  };

  return (
    <CardTable>
      <table aria-label={t('audit.title')}>
        <thead>
          <tr>
            <th scope="col">{t('audit.when')}</th>
            <th scope="col">{t('audit.who')}</th>
            <th scope="col">{t('audit.what')}</th>
            <th scope="col">{t('audit.target')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <th scope="row">
                <time dateTime={entry.at}>{formatDate(entry.at)}</time>
              </th>
              <td>{who(entry)}</td>
              <td>{what(entry)}</td>
              <td>{target(entry)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </CardTable>
  );
}
