import { useEffect, useState } from 'react';
import { readPlan, type PlanState } from '../../shared/plans/doc';
import { CLOSE_CODES } from '../../shared/collab';
import { documentLoaded, onLoadProgress, type Collab } from '../rooms/useCollab';

/** This tab's own changes: the undo manager tracks only these (and the rich-text editors' own). */
export const LOCAL_ORIGIN = Symbol('plan-local');

const EMPTY = { meta: {}, title: '', intro: '', priorities: [], loaded: false } satisfies PlanState & {
  loaded: boolean;
};

/**
 * The plan as plain data, recomputed after every change to the document (local or remote), and
 * whether its content is here yet (`documentLoaded`): both are read together, so a page never
 * shows a loaded plan's frame with the empty state of the moment before.
 */
export function usePlanState(collab: Collab | null): PlanState & { loaded: boolean } {
  const [state, setState] = useState<PlanState & { loaded: boolean }>(EMPTY);
  useEffect(() => {
    if (!collab) return;
    const { doc } = collab;
    let frame = 0;
    // once here, the content stays: going offline unsyncs the provider, and a browser without
    // IndexedDB (a private window) has no copy to fall back on
    let loaded = false;
    const read = () => {
      frame = 0;
      loaded ||= documentLoaded(collab);
      setState({ ...readPlan(doc), loaded });
    };
    // many updates arrive in a burst on sync: read once per frame
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(read);
    };
    read();
    doc.on('update', schedule);
    const stopWatching = onLoadProgress(collab, schedule);
    return () => {
      doc.off('update', schedule);
      stopWatching();
      if (frame) cancelAnimationFrame(frame);
      setState(EMPTY);
    };
  }, [collab]);
  return state;
}

/**
 * The reason the server gave for refusing one of our updates (close 1008 `refused: <reason>`),
 * or null. Resending the same change would be refused again, so the connection stops.
 */
export function useRefusal(collab: Collab | null): string | null {
  const [reason, setReason] = useState<string | null>(null);
  useEffect(() => {
    if (!collab) return;
    const { provider } = collab;
    const onClose = (event: CloseEvent | null) => {
      if (event?.code !== CLOSE_CODES.policyViolation || !event.reason.startsWith('refused:')) return;
      setReason(event.reason.slice('refused:'.length).trim());
      provider.disconnect();
    };
    provider.on('connection-close', onClose);
    return () => {
      provider.off('connection-close', onClose);
      setReason(null);
    };
  }, [collab]);
  return reason;
}

/**
 * Follows the browser's network state: an open WebSocket can hang for a long time after the network
 * goes, so drop it when the browser says we are offline (edits stay local, "Offline — …" shows)
 * and reconnect as soon as it says we are back.
 */
export function useNetworkState(collab: Collab | null, enabled: boolean): void {
  useEffect(() => {
    if (!collab || !enabled) return;
    const { provider } = collab;
    const offline = () => provider.disconnect();
    const online = () => provider.connect();
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
    };
  }, [collab, enabled]);
}

/** How long a plan's content may take to arrive live before the page shows it as last saved meanwhile. */
export const SAVED_COPY_AFTER_MS = 10_000;

/**
 * True once the plan's content has been awaited `SAVED_COPY_AFTER_MS` in vain: its live connection
 * opened and never synced, or could not be made (a proxy that blocks WebSockets, as some city
 * halls' do) and the document as stored did not come either (it is fetched once the connection has
 * failed for 6 s: `useStoredCopy`), and this device has no copy of it. False again as soon as it is here.
 */
export function useContentOverdue(documentName: string | undefined, loaded: boolean): boolean {
  const [overdue, setOverdue] = useState<string | null>(null);
  useEffect(() => {
    if (!documentName || loaded) return;
    const timer = setTimeout(() => setOverdue(documentName), SAVED_COPY_AFTER_MS);
    return () => clearTimeout(timer);
  }, [documentName, loaded]);
  return !loaded && overdue !== null && overdue === documentName;
}
