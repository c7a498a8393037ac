import { Extension } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { Placeholder } from '@tiptap/extensions';
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import i18next from 'i18next';
import { useEffect } from 'react';
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
  /** What the reader did to the document before the editor was there, done again once it is. */
  intent?: Intent | null;
}

/** The co-edited rich-text document of a room, bound to Yjs with remote carets. */
export function Editor({ collab, user, editable, label: givenLabel, intent }: Props) {
  const { t } = useTranslation();
  const editor = useEditor(
    {
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
      onCreate: ({ editor: created }) => {
        if (intent) applyIntent(created, intent, t('room.toolbar.linkPrompt'));
      },
    },
    [collab],
  );

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
