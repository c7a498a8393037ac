import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { planIntro, planPriorities, planTitle } from '../../shared/plans/doc';
import type { Collab } from '../rooms/useCollab';
import { LOCAL_ORIGIN } from './usePlanDoc';

/**
 * One undo history for the whole plan, of this person's own changes only: fields, adds, deletes and
 * moves (LOCAL_ORIGIN) and typing in the rich-text editors (y-prosemirror's origin). Remote changes
 * are never undone. Ctrl/Cmd+Z and Ctrl+Shift+Z / Ctrl+Y anywhere on the page outside the editors.
 */
export function usePlanUndo(collab: Collab | null, enabled: boolean) {
  const [undoManager, setUndoManager] = useState<Y.UndoManager | null>(null);
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!collab) return;
    const { doc } = collab;
    const manager = new Y.UndoManager([planTitle(doc), planIntro(doc), planPriorities(doc)], {
      trackedOrigins: new Set<unknown>([LOCAL_ORIGIN, ySyncPluginKey]),
      captureTimeout: 600,
    });
    const changed = () => setTick((n) => n + 1);
    manager.on('stack-item-added', changed);
    manager.on('stack-item-popped', changed);
    manager.on('stack-cleared', changed);
    setUndoManager(manager);
    return () => {
      manager.destroy();
      setUndoManager(null);
    };
  }, [collab]);

  useEffect(() => {
    if (!undoManager || !enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !(e.ctrlKey || e.metaKey)) return;
      const key = e.key.toLowerCase();
      const redo = key === 'y' || (key === 'z' && e.shiftKey);
      if (key !== 'z' && !redo) return;
      e.preventDefault();
      if (redo) undoManager.redo();
      else undoManager.undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undoManager, enabled]);

  return {
    undoManager,
    canUndo: (undoManager?.undoStack.length ?? 0) > 0,
    canRedo: (undoManager?.redoStack.length ?? 0) > 0,
  };
}
