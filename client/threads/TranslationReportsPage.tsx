import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { MESSAGE_MAX_LENGTH } from '../../shared/schemas/threadLimits';
import type { ModeratedReportItem } from '../../shared/schemas/translations';
import { request } from '../app/socket';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useApiData } from '../ui/useApiData';
import { useDateFormat } from '../ui/useDateFormat';
import { isolate } from '../plans/isolate';
import { subjectPath } from './NotificationsMenu';
import './translation.css';

/**
 * Open reports of translation errors in every discussion the reader may correct translations
 * in (the server asks the policy per thread): the original, the translation, the reason, and
 * Correct / Dismiss — both recorded in the audit log.
 */
export function TranslationReportsPage() {
  const { t } = useTranslation();
  const { data, error, reload } = useApiData('GET /api/translation-reports');
  const [done, setDone] = useState<string | null>(null);
  if (error) return <ErrorAlert error={error} className="page-status error" />;
  const reports = data?.reports ?? [];
  return (
    <div className="page">
      <h1>{t('translationReports.title')}</h1>
      <p className="muted">{t('translationReports.intro')}</p>
      <p role="status" className="ok">
        {done ?? ''}
      </p>
      {!data ? (
        <p className="muted">{t('app.loading')}</p>
      ) : reports.length === 0 ? (
        <p className="muted">{t('translationReports.empty')}</p>
      ) : (
        <ul className="report-list">
          {reports.map((r) => (
            <ReportCard
              key={r.id}
              report={r}
              onDone={(message) => {
                setDone(message);
                reload();
              }}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

function ReportCard({ report, onDone }: { report: ModeratedReportItem; onDone: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const date = useDateFormat();
  const [correcting, setCorrecting] = useState(false);
  const [body, setBody] = useState(report.translation.body);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fieldId = useId();
  const headingId = useId();
  const languageName = (tag: string) =>
    (tag && new Intl.DisplayNames([i18n.language], { type: 'language' }).of(tag)) || t('translationReports.unknown');
  const where = t(`translationReports.where.${report.subject.kind}`, {
    subject: isolate(report.titles.subject),
    context: isolate(report.titles.context ?? ''),
  });
  const act = async (run: () => Promise<{ ok: boolean; error?: unknown }>, message: string) => {
    setBusy(true);
    setError(null);
    const ack = await run();
    setBusy(false);
    if (ack.ok) onDone(message);
    else setError(ack.error);
  };
  const correct = (event: FormEvent) => {
    event.preventDefault();
    void act(
      () =>
        request('thread:translation-correct', {
          threadId: report.threadId,
          messageId: report.messageId,
          language: report.language,
          body,
        }),
      t('translationReports.corrected'),
    );
  };
  const dismiss = () =>
    void act(
      () => request('thread:translation-dismiss', { threadId: report.threadId, reportId: report.id }),
      t('translationReports.dismissed'),
    );
  return (
    <li className="panel report-card" aria-labelledby={headingId}>
      <h2 id={headingId} className="report-where">
        <Link to={subjectPath(report.subject)}>{where}</Link>
      </h2>
      <p className="muted">
        {t('translationReports.reportedBy', { name: isolate(report.by.name || t('thread.formerMember')) })} ·{' '}
        <time dateTime={report.createdAt}>{date(report.createdAt)}</time>
      </p>
      <p className="report-reason">
        <span className="muted">{t('translationReports.reason')} </span>
        <bdi dir="auto">{report.reason}</bdi>
      </p>
      <div className="report-texts">
        <section>
          <h3>{t('translationReports.original', { language: languageName(report.originalLanguage) })}</h3>
          <p dir="auto" className="report-text">
            {report.original}
          </p>
        </section>
        <section>
          <h3>{t('translationReports.translation', { language: languageName(report.language) })}</h3>
          <p dir="auto" className="report-text">
            {report.translation.body}
          </p>
        </section>
      </div>
      <ErrorAlert error={error} />
      {correcting ? (
        <form onSubmit={correct}>
          <label htmlFor={fieldId}>{t('translationReports.correction')}</label>
          <textarea
            id={fieldId}
            dir="auto"
            lang={report.language}
            value={body}
            maxLength={MESSAGE_MAX_LENGTH}
            onChange={(e) => setBody(e.target.value)}
            rows={4}
          />
          <div className="actions">
            <button type="submit" disabled={busy || body.trim() === ''}>
              {t('translationReports.saveCorrection')}
            </button>
            <button type="button" className="button-quiet" onClick={() => setCorrecting(false)}>
              {t('translation.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div className="actions">
          <button type="button" onClick={() => setCorrecting(true)}>
            {t('translationReports.correct')}
          </button>
          <button type="button" className="button-quiet" disabled={busy} onClick={dismiss}>
            {t('translationReports.dismiss')}
          </button>
        </div>
      )}
    </li>
  );
}
