import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { AccountView, IssuedPasswordReset } from '../../shared/schemas/accounts';
import type { CityView } from '../../shared/schemas/network';
import { api } from '../app/api';
import { CityName } from '../network/CityName';
import { useTitleLabel } from '../network/useTitleLabel';
import { CopyLink } from '../ui/CopyLink';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useAction } from '../ui/useAction';
import { useApiData } from '../ui/useApiData';
import { useDateFormat } from '../ui/useDateFormat';
import { CardTable } from '../ui/CardTable';

/** Every account; an admin issues password reset links here. */
export function PeopleAdmin({ cities }: { cities: CityView[] }) {
  const { t } = useTranslation();
  const titleLabel = useTitleLabel();
  const formatDate = useDateFormat();
  const { data, error } = useApiData('GET /api/users');
  const issue = useAction();
  const [reset, setReset] = useState<(IssuedPasswordReset & { name: string }) | null>(null);

  const issueReset = (user: AccountView) => {
    setReset(null);
    void issue.run(async () => {
      const result = await api('POST /api/users/:id/password-reset', { params: { id: user.id } });
      setReset({ ...result, name: user.name });
    });
  };

  return (
    <section className="panel" aria-labelledby="people-title">
      <h2 id="people-title">{t('admin.people.title')}</h2>
      <ErrorAlert error={error ?? issue.error} />
      {reset && (
        <div className="notice" role="status">
          <p>
            <Trans
              i18nKey="admin.people.resetIssued"
              values={{ name: reset.name, date: formatDate(reset.expiresAt) }}
              components={{ name: <bdi /> }}
            />
          </p>
          <CopyLink label={t('admin.people.resetLink')} link={reset.link} />
        </div>
      )}
      {data && (
        <CardTable>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.people.name')}</th>
                <th scope="col">{t('admin.people.email')}</th>
                <th scope="col">{t('admin.people.personTitle')}</th>
                <th scope="col">{t('admin.people.city')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {data.users.map((user) => {
                const city = cities.find((c) => c.id === user.cityId);
                return (
                  <tr key={user.id}>
                    <th scope="row">
                      <bdi>{user.name}</bdi>
                      {user.isAdmin && <span className="badge">{t('admin.people.admin')}</span>}
                    </th>
                    <td>
                      <bdi>{user.email}</bdi>
                    </td>
                    <td>{user.title && <bdi>{titleLabel(user.title)}</bdi>}</td>
                    <td>{city && <CityName city={city} />}</td>
                    <td>
                      <button
                        type="button"
                        className="button-quiet button-small"
                        disabled={issue.busy}
                        aria-label={t('admin.people.resetFor', { name: user.name })}
                        onClick={() => issueReset(user)}
                      >
                        {t('admin.people.reset')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </CardTable>
      )}
    </section>
  );
}
