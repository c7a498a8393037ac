import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  addPriority,
  deletePriority,
  movePriority,
  undeletePriority,
  type PriorityState,
} from '../../shared/plans/doc';
import type { LastEdit } from '../../shared/plans/schemas';
import type { CityView, MemberView } from '../../shared/schemas/network';
import { FilterSelect, KindAndStatusFilters } from './FilterSelect';
import type { PlanEditing } from './PlanEditing';
import { PriorityCard, type PriorityThreads } from './PriorityCard';
import type { PlanPresence } from './useAwareness';
import { isolate } from './isolate';
import { LOCAL_ORIGIN } from './usePlanDoc';

interface Props {
  priorities: PriorityState[];
  editing: PlanEditing;
  members: MemberView[];
  cities: CityView[];
  people: PlanPresence[];
  lastEdits: Map<string, LastEdit>;
  threads: PriorityThreads;
}

/** The plan's priorities in order: filter, add, delete (with undo), reorder by dragging or with the keyboard. */
export function PriorityList({ priorities, editing, members, cities, people, lastEdits, threads }: Props) {
  const { t } = useTranslation();
  const { doc, editable } = editing;
  const [kind, setKind] = useState('');
  const [status, setStatus] = useState('');
  const [owner, setOwner] = useState('');
  const [deleted, setDeleted] = useState<{ id: string; title: string } | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const shown = priorities.filter(
    (p) => (!kind || p.kind === kind) && (!status || p.status === status) && (!owner || p.owner === owner),
  );
  const titleOf = (id: string | number) => {
    const p = priorities.find((x) => x.id === id);
    return p?.title || t('plans.untitled');
  };
  const positionOf = (id: string | number | undefined) =>
    id === undefined ? 0 : shown.findIndex((p) => p.id === id) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('plans.dnd.picked', { title: titleOf(active.id), position: positionOf(active.id) }),
    onDragOver: ({ active, over }) =>
      over && over.id !== active.id
        ? t('plans.dnd.over', { title: titleOf(active.id), position: positionOf(over.id) })
        : undefined,
    onDragEnd: ({ active, over }) =>
      over
        ? t('plans.dnd.dropped', { title: titleOf(active.id), position: positionOf(over.id) })
        : t('plans.dnd.cancelled', { title: titleOf(active.id) }),
    onDragCancel: ({ active }) => t('plans.dnd.cancelled', { title: titleOf(active.id) }),
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = shown.findIndex((p) => p.id === active.id);
    const to = shown.findIndex((p) => p.id === over.id);
    const target = String(over.id);
    movePriority(doc, String(active.id), to > from ? { after: target } : { before: target }, LOCAL_ORIGIN);
  };

  const add = () => {
    const id = addPriority(doc, { kind: (kind || 'training') as PriorityState['kind'] }, LOCAL_ORIGIN);
    setFocusId(id);
  };
  useEffect(() => {
    if (!focusId) return;
    const input = document.querySelector<HTMLInputElement>(`[data-priority="${focusId}"] .priority-title input`);
    if (input) {
      input.focus();
      setFocusId(null);
    }
  }, [focusId, priorities]);

  const remove = (id: string) => {
    setDeleted({ id, title: titleOf(id) });
    deletePriority(doc, id, LOCAL_ORIGIN);
  };

  return (
    <section className="priorities" aria-labelledby="priorities-title">
      <div className="priorities-bar">
        <h2 id="priorities-title">{t('plans.priorities', { count: priorities.length })}</h2>
        <div className="filters" role="group" aria-label={t('plans.filters')}>
          <KindAndStatusFilters kind={kind} status={status} onKind={setKind} onStatus={setStatus} />
          <FilterSelect
            label={t('plans.owner')}
            value={owner}
            onChange={setOwner}
            options={members.map((m) => [m.id, m.name] as const)}
          />
        </div>
      </div>
      {deleted && (
        <p className="notice" role="status">
          {t('plans.deleted', { title: isolate(deleted.title) })}{' '}
          <button
            type="button"
            className="button-quiet"
            onClick={() => {
              undeletePriority(doc, deleted.id, LOCAL_ORIGIN);
              setDeleted(null);
            }}
          >
            {t('plans.undoDelete')}
          </button>
        </p>
      )}
      {shown.length === 0 && <p className="muted">{priorities.length ? t('plans.noMatch') : t('plans.none')}</p>}
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        onDragEnd={onDragEnd}
        accessibility={{ announcements, screenReaderInstructions: { draggable: t('plans.dnd.instructions') } }}
      >
        <SortableContext items={shown.map((p) => p.id)} strategy={verticalListSortingStrategy}>
          <ol className="priority-list">
            {shown.map((p, i) => (
              <PriorityCard
                key={p.id}
                priority={p}
                index={i}
                editing={editing}
                members={members}
                cities={cities}
                editors={people.filter((x) => !x.self && x.editing === p.id)}
                lastEdit={lastEdits.get(p.id) ?? null}
                threads={threads}
                onDelete={remove}
              />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      {editable && (
        <button type="button" onClick={add}>
          {t('plans.add')}
        </button>
      )}
    </section>
  );
}
