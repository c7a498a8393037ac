import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PriorityThreadCount } from '../../shared/schemas/threads';
import { CommentCount } from '../threads/CommentCount';
import { UnreadBadge } from '../threads/NotificationsMenu';
import { useUnread } from '../threads/useNotifications';
import * as Y from 'yjs';
import type { CityView, MemberView } from '../../shared/schemas/network';
import { priorityMap, setCities, updateField, type PriorityState, type ScalarField } from '../../shared/plans/doc';
import { PRIORITY_KINDS, PRIORITY_STATUSES, type LastEdit } from '../../shared/plans/schemas';
import { SelectField } from '../ui/SelectField';
import type { PlanEditing } from './PlanEditing';
import type { PlanPresence } from './useAwareness';
import { LOCAL_ORIGIN } from './usePlanDoc';
import { RichText } from './RichText';
import { useRelativeTime } from './useRelativeTime';
import { YTextInput } from './YTextInput';
import { isolate, ltr } from './isolate';
import { PriorityVotes } from '../roundtables/PriorityVotes';
import '../roundtables/roundtables.css';

interface Props {
  priority: PriorityState;
  index: number;
  editing: PlanEditing;
  members: MemberView[];
  cities: CityView[];
  editors: PlanPresence[];
  lastEdit: LastEdit | null;
  onDelete: (id: string) => void;
  threads: PriorityThreads;
}

/** The plan's priority threads: comment counts (live) and the one open beside the plan. */
export interface PriorityThreads {
  planId: string;
  counts: Record<string, PriorityThreadCount>;
  open: string | null;
}

/** One priority of the plan as an editable card; the handle drags it (mouse, touch, or Space and arrows). */
export function PriorityCard({
  priority: p,
  index,
  editing,
  members,
  cities,
  editors,
  lastEdit,
  onDelete,
  threads,
}: Props) {
  const { t } = useTranslation();
  const relative = useRelativeTime();
  const { doc, provider, undoManager, user, editable, setEditing } = editing;
  const sortable = useSortable({ id: p.id, disabled: !editable });
  const map = priorityMap(doc, p.id);
  const description = map?.get('description');
  const title = map?.get('title');
  const set = (field: ScalarField, value: string) => updateField(doc, p.id, field, value, LOCAL_ORIGIN);
  const name = p.title || t('plans.untitled');
  const unread = useUnread((s) => s.kind === 'priority' && s.planId === threads.planId && s.priorityId === p.id);
  const style = { transform: CSS.Translate.toString(sortable.transform), transition: sortable.transition };
  const toggleCity = (cityId: string, on: boolean) =>
    setCities(doc, p.id, on ? [...p.cities, cityId] : p.cities.filter((c) => c !== cityId), LOCAL_ORIGIN);

  return (
    <li
      ref={sortable.setNodeRef}
      style={style}
      className={`priority-card${sortable.isDragging ? ' dragging' : ''}${threads.open === p.id ? ' thread-open' : ''}`}
      aria-label={t('plans.priorityLabel', { index: index + 1, title: name })}
      onFocusCapture={() => setEditing(p.id)}
      data-priority={p.id}
    >
      <div className="priority-head">
        {editable && (
          <button
            type="button"
            className="drag-handle button-quiet"
            aria-label={t('plans.move', { title: name })}
            {...sortable.attributes}
            {...sortable.listeners}
          >
            <span aria-hidden="true">⠿</span>
          </button>
        )}
        <span className={`kind-badge kind-${p.kind}`}>{t(`plans.kinds.${p.kind}`)}</span>
        <span className={`status-chip status-${p.status}`}>{t(`plans.statuses.${p.status}`)}</span>
        <span className="editing-badges" aria-live="polite">
          {editors.map((e) => (
            <span key={e.clientId} className="editing-badge" style={{ borderColor: e.color }}>
              <span className="avatar" style={{ backgroundColor: e.color }} aria-hidden="true" />
              {t('plans.isEditing', { name: isolate(e.name) })}
            </span>
          ))}
        </span>
        {editable && (
          <button type="button" className="button-quiet delete" onClick={() => onDelete(p.id)}>
            {t('plans.delete')}
            <span className="visually-hidden"> {name}</span>
          </button>
        )}
      </div>
      <label className="field priority-title">
        <span className="visually-hidden">{t('plans.titleOf', { index: index + 1 })}</span>
        {title instanceof Y.Text && (
          <YTextInput text={title} readOnly={!editable} placeholder={t('plans.titlePlaceholder')} maxLength={300} />
        )}
      </label>
      {description instanceof Y.XmlFragment && (
        <RichText
          fragment={description}
          provider={provider}
          undoManager={undoManager}
          user={user}
          editable={editable}
          label={t('plans.descriptionOf', { title: name })}
          onFocus={() => setEditing(p.id)}
        />
      )}
      <div className="priority-fields">
        <SelectField
          label={t('plans.kind')}
          value={p.kind}
          disabled={!editable}
          onChange={(e) => set('kind', e.target.value)}
        >
          {PRIORITY_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`plans.kinds.${k}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('plans.status')}
          value={p.status}
          disabled={!editable}
          onChange={(e) => set('status', e.target.value)}
        >
          {PRIORITY_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`plans.statuses.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('plans.owner')}
          value={p.owner}
          disabled={!editable}
          onChange={(e) => set('owner', e.target.value)}
        >
          <option value="">{t('plans.noOwner')}</option>
          {members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </SelectField>
        <TargetField value={p.target} editable={editable} onChange={(v) => set('target', v)} />
      </div>
      <details className="cities">
        <summary>{t('plans.linkedCities', { count: p.cities.length })}</summary>
        <ul>
          {cities.map((c) => (
            <li key={c.id}>
              <label>
                <input
                  type="checkbox"
                  checked={p.cities.includes(c.id)}
                  disabled={!editable}
                  onChange={(e) => toggleCity(c.id, e.target.checked)}
                />{' '}
                <bdi>{c.name}</bdi>
              </label>
            </li>
          ))}
        </ul>
      </details>
      <PriorityVotes doc={doc} priorityId={p.id} />
      <p className="priority-thread-link">
        <Link
          to={`/plans/${threads.planId}/priorities/${p.id}`}
          aria-current={threads.open === p.id ? 'true' : undefined}
        >
          <span className="visually-hidden">{t('plans.thread.openLabel', { title: isolate(name) })} </span>
          <CommentCount count={threads.counts[p.id]} />
          <UnreadBadge {...unread} />
        </Link>
      </p>
      <p className="muted last-edit">
        {p.carriedFrom && <span>{t('plans.carried')} · </span>}
        {lastEdit && t('plans.lastEdited', { name: isolate(lastEdit.name), when: relative(lastEdit.at) })}
      </p>
    </li>
  );
}

const QUARTERS = ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4', '2027-Q1', '2027-Q2'];

/** A quarter from the list, or a date. */
function TargetField({
  value,
  editable,
  onChange,
}: {
  value: string;
  editable: boolean;
  onChange: (v: string) => void;
}) {
  const { t } = useTranslation();
  const isDate = /^\d{4}-\d\d-\d\d$/.test(value);
  return (
    <div className="target-field">
      <SelectField
        label={t('plans.target')}
        value={isDate ? 'date' : value}
        disabled={!editable}
        onChange={(e) => onChange(e.target.value === 'date' ? new Date().toISOString().slice(0, 10) : e.target.value)}
      >
        <option value="">{t('plans.noTarget')}</option>
        {QUARTERS.map((q) => (
          <option key={q} value={q}>
            {ltr(q)}
          </option>
        ))}
        <option value="date">{t('plans.targetDate')}</option>
      </SelectField>
      {isDate && (
        <input
          type="date"
          aria-label={t('plans.targetDate')}
          value={value}
          readOnly={!editable}
          onChange={(e) => e.target.value && onChange(e.target.value)}
        />
      )}
    </div>
  );
}
