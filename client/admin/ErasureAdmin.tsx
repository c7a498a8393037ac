import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { ErasureRequestView } from '../../shared/schemas/accounts';
import { api } from '../app/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useAction } from '../ui/useAction';
import { useApiData } from '../ui/useApiData';
import { useDateFormat } from '../ui/useDateFormat';
import { CardTable } from '../ui/CardTable';

/** Former members who asked for their messages to be erased; an admin carries it out. */
export function ErasureAdmin() {
  const { t } = useTranslation();
  const formatDate = useDateFormat();
  const { data, error, reload } = useApiData('GET /api/erasure-requests');
  const { run, busy, error: eraseError } = useAction();
  const [erased, setErased] = useState<{ name: string; count: number } | null>(null);

  const erase = (request: ErasureRequestView) => {
    if (!window.confirm(t('admin.erasure.confirm', { name: request.name }))) return;
    setErased(null);
    void run(async () => {
      const { messages = 0 } = await api('POST /api/users/:id/erase', { params: { id: request.userId } });
      setErased({ name: request.name, count: messages });
      reload();
    });
  };

  return (
    <section className="panel" aria-labelledby="erasure-title">
      <h2 id="erasure-title">{t('admin.erasure.title')}</h2>
      <ErrorAlert error={error ?? eraseError} />
      {erased && (
        <p role="status" className="ok">
          <Trans
            i18nKey="admin.erasure.done"
            count={erased.count}
            values={{ name: erased.name }}
            components={{ name: <bdi /> }}
          />
        </p>
      )}
      {data?.requests.length === 0 && <p className="muted">{t('admin.erasure.none')}</p>}
      {data && data.requests.length > 0 && (
        <CardTable>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.people.name')}</th>
                <th scope="col">{t('admin.people.email')}</th>
                <th scope="col">{t('admin.erasure.requested')}</th>
                <th scope="col">{t('admin.erasure.status')}</th>
              </tr>
            </thead>
            <tbody>
              {data.requests.map((request) => (
                <tr key={request.userId}>
                  <th scope="row">
                    <bdi>{request.name}</bdi>
                  </th>
                  <td>
                    <bdi>{request.email}</bdi>
                  </td>
                  <td>{formatDate(request.requestedAt)}</td>
                  <td>
                    {request.completedAt ? (
                      t('admin.erasure.completed', { date: formatDate(request.completedAt) })
                    ) : (
                      <button
                        type="button"
                        className="button-danger"
                        disabled={busy}
                        aria-label={t('admin.erasure.eraseFor', { name: request.name })}
                        onClick={() => erase(request)}
                      >
                        {t('admin.erasure.erase')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </CardTable>
      )}
    </section>
  );
}
