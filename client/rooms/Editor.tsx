import { Editor as TiptapEditor, Extension, type EditorOptions } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { Placeholder } from '@tiptap/extensions';
import { EditorContent } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import i18next from 'i18next';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyIntent } from './applyIntent';
import type { Intent } from './intent';
import { ListDirection } from './listDirection';
import { Toolbar } from './Toolbar';
import type { Collab } from './useCollab';

/**
 * Every block gets dir="auto", so Arabic and English paragraphs each run in their own direction.
 * Lists and their items get an explicit direction from ListDirection instead.
 */
export const AutoDirection = Extension.create({
  name: 'autoDirection',
  addGlobalAttributes() {
    return [
      {
        types: ['paragraph', 'heading', 'blockquote'],
        attributes: {
          dir: { default: null, rendered: true, renderHTML: () => ({ dir: 'auto' }), parseHTML: () => null },
        },
      },
    ];
  },
});

/** The editable element's attributes; the placeholder is drawn by CSS, screen readers get it here. */
function attributes(label: string, placeholder: string): Record<string, string> {
  return {
    role: 'textbox',
    'aria-multiline': 'true',
    'aria-label': label,
    'aria-placeholder': placeholder,
    class: 'document-body',
    spellcheck: 'true',
  };
}

interface Props {
  collab: Collab;
  user: { name: string; color: string };
  editable: boolean;
  /** The editable area's accessible name; the room's document by default. */
  label?: string;
  /**
   * What the reader did to the document before the editor was there, done again once it shows (asked
   * then: the reader may act on a first view until that moment).
   */
  intent?: () => Intent | null;
  /** Called in the render that shows the editor, so a first view can go in the same frame. */
  onShown?: () => void;
}

/**
 * A Tiptap editor for `collab`, built in one task, its view drawn in the next and shown in the render
 * after that: building it (extensions, schema, state), drawing its view (ProseMirror, filled by the Yjs
 * binding at once) and showing it were one task of ~85 ms at 4× CPU slowdown, one of the longest of a
 * room's start-up on a slow phone. Null until shown; `onShown` is called for the render that shows it.
 */
function useEditorInSteps(collab: Collab, options: () => Partial<EditorOptions>, onShown?: () => void) {
  const latest = useRef({ options, onShown });
  latest.current = { options, onShown };
  const [editor, setEditor] = useState<TiptapEditor | null>(null);
  useEffect(() => {
    const built = new TiptapEditor({ ...latest.current.options(), element: null });
    const timer = setTimeout(() => {
      built.mount(document.createElement('div'));
      latest.current.onShown?.();
      setEditor(built);
    });
    return () => {
      clearTimeout(timer);
      built.destroy();
      setEditor(null);
    };
  }, [collab]);
  return editor;
}

/** The co-edited rich-text document of a room, bound to Yjs with remote carets. */
export function Editor({ collab, user, editable, label: givenLabel, intent, onShown }: Props) {
  const { t } = useTranslation();
  const editor = useEditorInSteps(
    collab,
    () => ({
      extensions: [
        StarterKit.configure({
          undoRedo: false, // Yjs keeps per-user undo history
          // the page's h1 is the room title; document headings sit below it
          heading: { levels: [2, 3] },
          link: { openOnClick: false, autolink: true, protocols: ['https', 'mailto'], defaultProtocol: 'https' },
        }),
        AutoDirection,
        ListDirection,
        Placeholder.configure({ placeholder: () => i18next.t('room.placeholder') }),
        Collaboration.configure({ document: collab.doc }),
        CollaborationCaret.configure({ provider: collab.provider, user }),
      ],
      editable,
      editorProps: { attributes: attributes(givenLabel ?? t('room.document'), t('room.placeholder')) },
    }),
    onShown,
  );

  // once it shows (its view in the page): what the reader did meanwhile, done again
  const linkPrompt = useRef(t('room.toolbar.linkPrompt'));
  linkPrompt.current = t('room.toolbar.linkPrompt');
  useLayoutEffect(() => {
    const done = editor && intent?.();
    if (done) applyIntent(editor, done, linkPrompt.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per editor, with the intent of that moment
  }, [editor]);

  useEffect(() => {
    editor?.setEditable(editable);
  }, [editor, editable]);
  // on a change of language: new names, and the placeholder redrawn. setOptions waits for the view
  // when the editor is not mounted yet (touching editor.view then throws and blanks the page)
  const label = givenLabel ?? t('room.document');
  const placeholder = t('room.placeholder');
  useEffect(() => {
    editor?.setOptions({ editorProps: { ...editor.options.editorProps, attributes: attributes(label, placeholder) } });
  }, [editor, label, placeholder]);

  if (!editor) return null;
  return (
    <div className="editor">
      {editable && <Toolbar editor={editor} />}
      <EditorContent editor={editor} />
    </div>
  );
}
