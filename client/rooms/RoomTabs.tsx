import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

export const ROOM_VIEWS = ['document', 'discussion', 'people'] as const;
export type RoomView = (typeof ROOM_VIEWS)[number];

/** Panel ids the tabs control; the room page gives its panels these ids. */
export const roomPanelId = (view: RoomView) => `room-${view}`;

/**
 * On narrow screens a room shows one of its parts at a time; these tabs switch between them
 * (arrow keys follow the reading direction). Wide screens hide the tabs and show every part.
 */
export function RoomTabs({ value, onChange }: { value: RoomView; onChange: (view: RoomView) => void }) {
  const { t, i18n } = useTranslation();
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    const forward = i18n.dir() === 'rtl' ? -step : step;
    const next = ROOM_VIEWS[(ROOM_VIEWS.indexOf(value) + forward + ROOM_VIEWS.length) % ROOM_VIEWS.length] ?? value;
    onChange(next);
    document.getElementById(`room-tab-${next}`)?.focus();
  };
  return (
    <div role="tablist" aria-label={t('room.tabs.label')} className="room-tabs" onKeyDown={onKeyDown}>
      {ROOM_VIEWS.map((view) => (
        <button
          key={view}
          type="button"
          role="tab"
          id={`room-tab-${view}`}
          aria-selected={view === value}
          aria-controls={roomPanelId(view)}
          tabIndex={view === value ? 0 : -1}
          onClick={() => onChange(view)}
        >
          {t(`room.tabs.${view}`)}
        </button>
      ))}
    </div>
  );
}
