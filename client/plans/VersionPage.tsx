import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApiData } from '../ui/useApiData';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useDateFormat } from '../ui/useDateFormat';
import { isolate } from './isolate';
import { PlanDocument } from './PlanDocument';
import './plans.css';
import { useVersionName } from './useVersionName';

/** One version of a plan, read-only. */
export function VersionPage() {
  const { planId = '', versionId = '' } = useParams();
  const { t } = useTranslation();
  const date = useDateFormat();
  const versionName = useVersionName();
  const { data, error } = useApiData('GET /api/plans/:id/versions/:versionId', {
    params: { id: planId, versionId },
  });
  if (error) return <ErrorAlert error={error} className="page-status error" />;
  if (!data) return <p className="page-status">{t('app.loading')}</p>;
  const { version } = data;
  return (
    <div className="page">
      <p className="banner" role="note">
        {t('plans.versions.viewing', { name: isolate(versionName(version.name)), when: date(version.createdAt) })}{' '}
        <Link to={`/plans/${planId}`}>{t('plans.backToPlan')}</Link>
      </p>
      <PlanDocument plan={version.plan} />
    </div>
  );
}
