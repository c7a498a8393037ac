import type { UndoManager, Doc } from 'yjs';
import type { WebsocketProvider } from 'y-websocket';

/** What every editable part of the plan page needs: the document, its connection and undo, and who we are. */
export interface PlanEditing {
  doc: Doc;
  provider: WebsocketProvider;
  undoManager: UndoManager;
  user: { name: string; color: string };
  /** False while the plan is adopted, the viewer may not edit, or the server refused our change. */
  editable: boolean;
  setEditing: (priorityId: string | null) => void;
}
