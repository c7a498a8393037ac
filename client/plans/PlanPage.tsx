import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { planIntro, planTitle } from '../../shared/plans/doc';
import type { LastEdit } from '../../shared/plans/schemas';
import { PLAN_REFUSALS } from '../../shared/plans/validate';
import { ApiRequestError, apiUrl } from '../app/api';
import { useSession } from '../app/session';
import { useCollab, useStoredCopy } from '../rooms/useCollab';
import { useApiData } from '../ui/useApiData';
import { useErrorMessage } from '../ui/useErrorMessage';
import { useUnloadWarning } from '../ui/useUnloadWarning';
import { PlanDocument } from './PlanDocument';
import { PlanHeader } from './PlanHeader';
import { PlanHistory } from './PlanHistory';
import { PlanVersions } from './PlanVersions';
import { PresenceBar } from './PresenceBar';
import { PriorityList } from './PriorityList';
import { PriorityThread } from './PriorityThread';
import { usePlanThreadCounts } from '../threads/usePlanThreadCounts';
import { RichText } from './RichText';
import { useAwareness } from './useAwareness';
import { useContentOverdue, useNetworkState, usePlanState, useRefusal } from './usePlanDoc';
import { YTextInput } from './YTextInput';
import { usePlanUndo } from './usePlanUndo';
import './plans.css';

/** A semi-annual action plan, co-edited live: title, introduction and priorities; lifecycle, history, versions. */
export function PlanPage() {
  const { planId = '', priorityId } = useParams();
  const { t } = useTranslation();
  const { me } = useSession();
  const errorMessage = useErrorMessage();
  const { data, error, reload } = useApiData('GET /api/plans/:id', { params: { id: planId } });
  const view = data?.plan.id === planId ? data.plan : null;
  const group = useApiData(view ? 'GET /api/groups/:id' : null, { params: { id: view?.groupId ?? '' } });
  const directory = useApiData(view ? 'GET /api/directory' : null);
  const { collab, status: saveStatus } = useCollab(view?.documentName);
  // a network that blocks the live sync: the plan as stored, to read and to edit on this device
  const fetchingStored = useStoredCopy(
    collab,
    view ? apiUrl('GET /api/plans/:id/document', { params: { id: view.id } }) : undefined,
    saveStatus,
  );
  // an edit not yet stored would reach the others only when this plan is next opened on this device
  useUnloadWarning(saveStatus === 'saving' || saveStatus === 'offlineUnsaved');
  const state = usePlanState(collab);
  const { loaded } = state;
  const refusal = useRefusal(collab);
  // the last saved projection, read-only, only if the stored document does not come either
  const overdue = useContentOverdue(view?.documentName, loaded) && !fetchingStored;
  useNetworkState(collab, !refusal);
  const { people, setEditing } = useAwareness(collab);
  const planStatus = state.meta.status ?? view?.status ?? 'draft';
  const editable = Boolean(view?.abilities.edit) && planStatus !== 'adopted' && !refusal;
  const { undoManager, canUndo, canRedo } = usePlanUndo(collab, editable);
  const counts = usePlanThreadCounts(view ? [view.id] : [])[planId] ?? {};

  // the server moves the status in the document; fetch the view again for its abilities and versions
  useEffect(() => {
    if (view && state.meta.status && state.meta.status !== view.status) reload();
  }, [state.meta.status, view, reload]);
  // "last edited by" comes from the server's record of who sent each update
  useEffect(() => {
    const timer = setInterval(reload, 20_000);
    return () => clearInterval(timer);
  }, [reload]);
  const lastEdits = useMemo(() => {
    const map = new Map<string, LastEdit>();
    for (const p of view?.priorities ?? []) if (p.lastEditedBy) map.set(p.id, p.lastEditedBy);
    return map;
  }, [view]);

  if (error) {
    const notFound = error instanceof ApiRequestError && error.error.code === 'not_found';
    return (
      <div className="page-status">
        <p role="alert">{notFound ? t('app.notFound') : errorMessage(error)}</p>
        <Link to="/">{t('app.backToRooms')}</Link>
      </div>
    );
  }
  if (!view || !me) return <p className="page-status">{t('app.loading')}</p>;
  const members = group.data?.group.members ?? [];
  const cities = (directory.data?.cities ?? []).filter((c) => !view.hub || c.hubId === view.hub.id);
  // before its content is here the plan would read as empty ("no priorities yet") and then jump
  const editing = collab &&
    loaded &&
    undoManager && {
      doc: collab.doc,
      provider: collab.provider,
      undoManager,
      user: { name: me.name, color: me.color },
      editable,
      setEditing,
    };

  return (
    <div className={priorityId ? 'plan-page with-thread' : 'plan-page'}>
      <PlanHeader
        view={view}
        status={planStatus}
        title={state.title || view.title}
        saveStatus={saveStatus}
        onMoved={reload}
        undo={editable ? { canUndo, canRedo, manager: loaded ? undoManager : null } : null}
      />
      {planStatus === 'adopted' && (
        <p className="banner" role="note">
          {t('plans.adoptedBanner')}
        </p>
      )}
      {!view.abilities.edit && planStatus !== 'adopted' && <p className="banner">{t('plans.readOnly')}</p>}
      {refusal && (
        <p className="banner banner-danger" role="alert">
          {t('plans.refused', { reason: t(`plans.refusals.${refusalKey(refusal)}`, { defaultValue: refusal }) })}
        </p>
      )}
      <PresenceBar people={people} priorities={state.priorities} />
      {editing ? (
        <div className="plan-body">
          <section className="plan-intro" aria-label={t('plans.introduction')}>
            <label className="field">
              <span>{t('plans.planTitle')}</span>
              <YTextInput
                text={planTitle(collab.doc)}
                readOnly={!editable}
                maxLength={200}
                onFocus={() => setEditing(null)}
              />
            </label>
            <h2 className="field-label">{t('plans.introduction')}</h2>
            <RichText
              fragment={planIntro(collab.doc)}
              provider={collab.provider}
              undoManager={undoManager}
              user={editing.user}
              editable={editable}
              label={t('plans.introduction')}
              onFocus={() => setEditing(null)}
            />
          </section>
          <PriorityList
            priorities={state.priorities}
            editing={editing}
            members={members}
            cities={cities}
            people={people}
            lastEdits={lastEdits}
            threads={{ planId: view.id, counts, open: priorityId ?? null }}
          />
        </div>
      ) : overdue ? (
        // the live plan cannot be reached (yet): what the server stored, refreshed with the page's view
        <div className="plan-body">
          <p className="banner" role="note">
            {t('plans.savedCopy')}
          </p>
          <PlanDocument plan={view} heading={false} />
        </div>
      ) : (
        <p className="muted">{t('app.loading')}</p>
      )}
      {priorityId ? (
        <aside className="plan-side plan-side-thread">
          <PriorityThread
            planId={view.id}
            priorityId={priorityId}
            title={state.priorities.find((p) => p.id === priorityId)?.title || t('plans.untitled')}
            me={me}
            canComment={view.abilities.read}
          />
        </aside>
      ) : (
        // on a phone the history and versions sit below the plan: shown before it, they would be
        // pushed off the screen when it came (a wide screen puts them beside it, where nothing moves)
        loaded && (
          <aside className="plan-side">
            <PlanHistory planId={view.id} />
            <PlanVersions view={view} status={planStatus} onRestored={reload} />
          </aside>
        )
      )}
    </div>
  );
}

/** The translation key of a refusal reason the server sent (its English text, PLAN_REFUSALS). */
const refusalKey = (reason: string) =>
  Object.entries(PLAN_REFUSALS).find(([, text]) => text === reason)?.[0] ?? 'other';
