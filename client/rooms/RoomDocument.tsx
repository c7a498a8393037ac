import { useCallback, useEffect, useRef, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import type { Editor } from './Editor';
import { DocumentContent } from './DocumentView';
import { keptKey, type Intent } from './intent';
import { NO_FORMAT, ToolbarButtons } from './ToolbarButtons';
import type { Collab } from './useCollab';

/** The editor (Tiptap, ProseMirror): most of the room's code, loaded after the room has shown. */
const loadEditor = () => import('./Editor');

/** Marked when the room's document is first drawn; `bench:client` counts the scripts fetched before it. */
export const DOCUMENT_SHOWN_MARK = 'roundtable:document-shown';

/** How long a document that has not synced waits before its editor loads all the same. */
const UNSYNCED_EDITOR_MS = 3000;

/** Runs `run` once the page has loaded and the browser has a moment with nothing else to do. */
function whenIdleAfterLoad(run: () => void): () => void {
  let cancel = () => {};
  const idle = () => {
    if ('requestIdleCallback' in window) {
      const id = requestIdleCallback(run, { timeout: 2000 });
      cancel = () => cancelIdleCallback(id);
    } else {
      const id = setTimeout(run, 200);
      cancel = () => clearTimeout(id);
    }
  };
  if (document.readyState === 'complete') idle();
  else {
    window.addEventListener('load', idle, { once: true });
    cancel = () => window.removeEventListener('load', idle);
  }
  return () => cancel();
}

/** True once the document has content to show: synced with the server, or edits kept on this device. */
function useShown(collab: Collab): boolean {
  const fragment = collab.doc.getXmlFragment('default');
  const ready = () => collab.provider.synced || fragment.length > 0;
  const [shown, setShown] = useState(ready);
  useEffect(() => {
    if (shown) return;
    const check = () => {
      if (ready()) setShown(true);
    };
    collab.provider.on('sync', check);
    fragment.observe(check);
    check();
    return () => {
      collab.provider.off('sync', check);
      fragment.unobserve(check);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `ready` reads the same collab
  }, [collab, shown]);
  return shown;
}

/** Re-renders on every change of the document while `live`, so the first view stays live. */
function useLive(collab: Collab, live: boolean): void {
  const [, setVersion] = useState(0);
  useEffect(() => {
    if (!live) return;
    const fragment = collab.doc.getXmlFragment('default');
    const bump = () => setVersion((v) => v + 1);
    fragment.observeDeep(bump);
    return () => fragment.unobserveDeep(bump);
  }, [collab, live]);
}

interface Props {
  collab: Collab;
  user: { name: string; color: string };
  editable: boolean;
}

/**
 * A room's shared document. It is first drawn from its Yjs content, live, with no editor; the
 * editor loads when the browser is idle after the page has loaded, or at once when the reader
 * clicks, focuses or types in the document or presses a formatting button — and then does what
 * they did (caret where they clicked, the keys they typed, the format they chose).
 */
export function RoomDocument({ collab, user, editable }: Props) {
  const { t } = useTranslation();
  const shown = useShown(collab);
  const [LoadedEditor, setLoadedEditor] = useState<ComponentType<Parameters<typeof Editor>[0]> | null>(null);
  const [editorShown, setEditorShown] = useState(false);
  const onEditorShown = useCallback(() => setEditorShown(true), []);
  // once the editor shows it follows the document itself
  useLive(collab, !editorShown);
  const [wanted, setWanted] = useState(false);
  const intent = useRef<Intent | null>(null);
  const view = useRef<HTMLDivElement>(null);
  const want = useCallback(() => setWanted(true), []);
  const readIntent = useCallback(() => intent.current, []);
  const stopKeeping = useRef(() => {});
  useEffect(() => () => stopKeeping.current(), []);

  useEffect(() => {
    if (shown) {
      performance.mark(DOCUMENT_SHOWN_MARK);
      return whenIdleAfterLoad(want);
    }
    // a document that cannot sync (the connection dropped before its first sync) still gets its
    // editor, empty, so edits can be made offline and sent later, as before
    const timer = setTimeout(want, UNSYNCED_EDITOR_MS);
    return () => clearTimeout(timer);
  }, [shown, want]);
  useEffect(() => {
    if (!wanted || LoadedEditor) return;
    let gone = false;
    loadEditor().then(
      (m) => {
        if (gone) return;
        if (intent.current && !intent.current.format)
          intent.current.focused = !!view.current?.contains(document.activeElement);
        setLoadedEditor(() => m.Editor);
      },
      // not loaded (offline after a new version?): the next click tries again
      () => !gone && setWanted(false),
    );
    return () => {
      gone = true;
    };
  }, [wanted, LoadedEditor]);

  const placeholder = t('room.placeholder');
  const started = () => {
    if (intent.current) return intent.current;
    const started: Intent = { keys: [], focused: true };
    intent.current = started;
    // keys pressed from now until the editor has taken over are kept, also in the moment when
    // this view is gone and the editor not yet focused (the focus is then on the page's body)
    const keep = (e: KeyboardEvent) => {
      if (started.done) return stopKeeping.current();
      const target = e.target as Node;
      if (!keptKey(e) || !(target === document.body || view.current?.contains(target))) return;
      e.preventDefault();
      const { key, ctrlKey, metaKey, altKey, shiftKey } = e;
      started.keys.push({ key, ctrlKey, metaKey, altKey, shiftKey });
      want();
    };
    window.addEventListener('keydown', keep, true);
    stopKeeping.current = () => window.removeEventListener('keydown', keep, true);
    return started;
  };
  const firstView = () => (
    <div className="editor">
      {editable && (
        <ToolbarButtons
          state={NO_FORMAT}
          onFormat={(key) => {
            started().format = key;
            want();
          }}
        />
      )}
      <div>
        <div
          ref={view}
          role="textbox"
          aria-multiline="true"
          aria-label={t('room.document')}
          aria-placeholder={placeholder}
          aria-busy={wanted}
          spellCheck
          translate="no"
          className="document-body document-first-view"
          tabIndex={0}
          onPointerDown={(e) => {
            if (editable) started().at = { x: e.clientX, y: e.clientY };
            want();
          }}
          onClick={(e) => {
            // in the editor a click on a link puts the caret there (openOnClick: false)
            if (editable && (e.target as Element).closest('a')) e.preventDefault();
          }}
          onFocus={() => {
            // from here on the keys pressed are kept for the editor (see `started`)
            if (editable) started();
            want();
          }}
        >
          <DocumentContent
            fragment={collab.doc.getXmlFragment('default')}
            placeholder={editable ? placeholder : undefined}
          />
        </div>
      </div>
    </div>
  );
  // the editor is built in one task and shows in a later one: the first view stays until then (in
  // the same places of the tree, so neither is drawn again)
  return (
    <>
      {!editorShown && (shown ? firstView() : <p className="muted">{t('app.loading')}</p>)}
      {LoadedEditor && (
        <LoadedEditor collab={collab} user={user} editable={editable} intent={readIntent} onShown={onEditorShown} />
      )}
    </>
  );
}
