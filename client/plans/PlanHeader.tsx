import { useTranslation } from 'react-i18next';
import { ltr } from './isolate';
import { Link } from 'react-router';
import type { UndoManager } from 'yjs';
import { apiUrl, api } from '../app/api';
import { PLAN_TRANSITIONS, type PlanStatus, type PlanView } from '../../shared/plans/schemas';
import type { SaveStatus } from '../rooms/useCollab';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useAction } from '../ui/useAction';

interface Props {
  view: PlanView;
  status: PlanStatus;
  title: string;
  saveStatus: SaveStatus;
  onMoved: () => void;
  /** For an editor: null `manager` while the document loads (the buttons show, disabled, so nothing moves). */
  undo: { canUndo: boolean; canRedo: boolean; manager: UndoManager | null } | null;
}

/** The plan's title, group and period, its lifecycle status and moves, save state, undo, and exports. */
export function PlanHeader({ view, status, title, saveStatus, onMoved, undo }: Props) {
  const { t, i18n } = useTranslation();
  const { run, busy, error } = useAction();
  const move = (to: PlanStatus) =>
    void run(async () => {
      await api('POST /api/plans/:id/status', { params: { id: view.id }, body: { status: to } });
      onMoved();
    });
  const markdown = apiUrl('GET /api/plans/:id/export.md', {
    params: { id: view.id },
    query: { lang: i18n.language },
  });

  return (
    <header className="plan-header">
      <div className="plan-heading">
        <h1>
          <bdi dir="auto">{title}</bdi>
        </h1>
        <p className="room-meta">
          <Link to={`/groups/${view.groupId}/plans`}>
            <bdi>{view.group.name}</bdi>
          </Link>
          {' · '}
          {t('plans.periodLabel', { period: ltr(view.period) })}
          {' · '}
          <span className={`plan-status plan-status-${status}`}>{t(`plans.planStatuses.${status}`)}</span>
        </p>
      </div>
      <div className="plan-tools">
        <p className={`save-status save-status-${saveStatus}`} role="status" aria-live="polite">
          {t(`room.status.${saveStatus}`)}
        </p>
        {undo && (
          <span className="undo-buttons" role="group" aria-label={t('plans.history.undoGroup')}>
            <button
              type="button"
              className="button-quiet"
              disabled={!undo.manager || !undo.canUndo}
              onClick={() => undo.manager?.undo()}
            >
              {t('plans.undo')}
            </button>
            <button
              type="button"
              className="button-quiet"
              disabled={!undo.manager || !undo.canRedo}
              onClick={() => undo.manager?.redo()}
            >
              {t('plans.redo')}
            </button>
          </span>
        )}
        {view.abilities.setStatus &&
          PLAN_TRANSITIONS[status].map((to) => (
            <button key={to} type="button" disabled={busy} onClick={() => move(to)}>
              {t(`plans.moveTo.${to}`)}
            </button>
          ))}
        <Link to={`/plans/${view.id}/print`} className="button-link">
          {t('plans.print')}
        </Link>
        <a href={markdown} download className="button-link">
          {t('plans.markdown')}
        </a>
      </div>
      <ErrorAlert error={error} />
    </header>
  );
}
