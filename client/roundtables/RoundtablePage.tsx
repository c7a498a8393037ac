import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiRequestError } from '../app/api';
import { NotFoundPage } from '../app/NotFoundPage';
import { usePageTitle } from '../app/usePageTitle';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useApiData } from '../ui/useApiData';
import { CallEmbed } from './CallEmbed';
import { GuestInvite } from './GuestInvite';
import { LivePanel } from './LivePanel';
import { NotesPanel } from './NotesPanel';
import { RoundtableTime, RsvpBar } from './RoundtableSummary';
import './roundtables.css';

export function RoundtablePage() {
  const { roundtableId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const { t } = useTranslation();
  const { data, error, reload } = useApiData('GET /api/roundtables/:id', { params: { id: roundtableId } });
  usePageTitle(data?.roundtable.title);
  if (error) {
    if (error instanceof ApiRequestError && ['not_found', 'bad_request'].includes(error.error.code))
      return <NotFoundPage />;
    return <ErrorAlert error={error} className="page-status error" />;
  }
  if (!data || data.roundtable.id !== roundtableId) return <p className="page-status">{t('app.loading')}</p>;
  const { roundtable } = data;
  const session = Math.min(Number(search.get('session') ?? 0) || 0, roundtable.sessions.length - 1);
  const current = roundtable.sessions[session]!;

  return (
    <div className="page roundtable-page">
      <header className="roundtable-head">
        <h1>
          <bdi dir="auto">{roundtable.title}</bdi>
        </h1>
        <p className="room-meta">
          <Link to={`/groups/${roundtable.group.id}`}>
            <bdi>{roundtable.group.name}</bdi>
          </Link>
          {roundtable.plan && (
            <>
              {' · '}
              <Link to={`/plans/${roundtable.plan.id}`}>
                {t('plans.periodLabel', { period: roundtable.plan.period.replace('-', ' ') })}
              </Link>
            </>
          )}
        </p>
        <RoundtableTime roundtable={roundtable} />
        <RsvpBar roundtable={roundtable} onChanged={reload} />
        {roundtable.sessions.length > 1 && (
          <nav aria-label={t('roundtables.sessions')} className="button-row">
            {roundtable.sessions.map((s) => (
              <button
                key={s.index}
                type="button"
                aria-pressed={s.index === session}
                onClick={() => setSearch({ session: String(s.index) })}
              >
                {t(`languageNames.${s.language}`)}
              </button>
            ))}
          </nav>
        )}
        <p className="button-row">
          {roundtable.callUrl && (
            <a href={roundtable.callUrl} target="_blank" rel="noopener noreferrer" className="button-link">
              {t('roundtables.joinCall')}
            </a>
          )}
          <Link to={`/rooms/${current.roomId}`}>
            {current.notesDocument ? t('roundtables.chat') : t('roundtables.notesAndChat')}
          </Link>
        </p>
      </header>
      <div className="roundtable-body">
        <LivePanel
          roundtable={roundtable}
          session={session}
          after={
            (current.notesDocument || roundtable.abilities.invite || roundtable.callEmbed) && (
              <aside className="roundtable-side">
                {roundtable.callEmbed && <CallEmbed key={roundtable.callEmbed} src={roundtable.callEmbed} />}
                {roundtable.abilities.invite && (
                  <GuestInvite key={roundtable.id} roundtable={roundtable} session={session} />
                )}
                {current.notesDocument && (
                  <NotesPanel
                    key={current.notesDocument}
                    roundtable={roundtable}
                    session={session}
                    documentName={current.notesDocument}
                  />
                )}
              </aside>
            )
          }
        />
      </div>
    </div>
  );
}
