import { useTranslation } from 'react-i18next';
import { api } from '../app/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useAction } from '../ui/useAction';

/** Saves everything the server keeps about this person as a JSON file. */
export function DataExport() {
  const { t } = useTranslation();
  const { run, busy, error } = useAction();

  const download = () =>
    void run(async () => {
      const data = await api('GET /api/me/export');
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `roundtable-export-${new Date().toISOString().slice(0, 10)}.json`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    });

  return (
    <section className="panel" aria-labelledby="export-title">
      <h2 id="export-title">{t('account.export.title')}</h2>
      <p>{t('account.export.intro')}</p>
      <ErrorAlert error={error} />
      <button type="button" className="button-quiet" disabled={busy} onClick={download}>
        {t('account.export.download')}
      </button>
    </section>
  );
}
