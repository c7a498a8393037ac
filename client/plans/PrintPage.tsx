import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApiData } from '../ui/useApiData';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PlanDocument } from './PlanDocument';
import './plans.css';

/** The plan laid out for paper: the print stylesheet hides the app around it; the browser prints or saves a PDF. */
export function PrintPage() {
  const { planId = '' } = useParams();
  const { t } = useTranslation();
  const { data, error } = useApiData('GET /api/plans/:id', { params: { id: planId } });
  if (error) return <ErrorAlert error={error} className="page-status error" />;
  if (!data) return <p className="page-status">{t('app.loading')}</p>;
  return (
    <div className="page print-page">
      <p className="no-print print-tools">
        <Link to={`/plans/${planId}`}>{t('plans.backToPlan')}</Link>{' '}
        <button type="button" onClick={() => window.print()}>
          {t('plans.printNow')}
        </button>
      </p>
      <PlanDocument plan={data.plan} />
    </div>
  );
}
