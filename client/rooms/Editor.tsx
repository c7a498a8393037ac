import { Extension } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor, useEditorState, type Editor as TiptapEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Collab } from './useCollab';

/** Every block gets dir="auto", so Arabic and English paragraphs each run in their own direction. */
export const AutoDirection = Extension.create({
  name: 'autoDirection',
  addGlobalAttributes() {
    return [
      {
        types: ['paragraph', 'heading', 'listItem', 'blockquote'],
        attributes: {
          dir: { default: null, rendered: true, renderHTML: () => ({ dir: 'auto' }), parseHTML: () => null },
        },
      },
    ];
  },
});

interface Props {
  collab: Collab;
  user: { name: string; color: string };
  editable: boolean;
}

/** The co-edited rich-text document of a room, bound to Yjs with remote carets. */
export function Editor({ collab, user, editable }: Props) {
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
        Collaboration.configure({ document: collab.doc }),
        CollaborationCaret.configure({ provider: collab.provider, user }),
      ],
      editable,
      editorProps: {
        attributes: {
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': t('room.document'),
          class: 'document-body',
          spellcheck: 'true',
        },
      },
    },
    [collab],
  );

  useEffect(() => {
    editor?.setEditable(editable);
  }, [editor, editable]);

  if (!editor) return null;
  return (
    <div className="editor">
      {editable && <Toolbar editor={editor} />}
      <EditorContent editor={editor} />
    </div>
  );
}

export function Toolbar({ editor }: { editor: TiptapEditor }) {
  const { t } = useTranslation();
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      heading: e.isActive('heading', { level: 2 }),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
      link: e.isActive('link'),
    }),
  });
  const setLink = () => {
    if (state.link) return void editor.chain().focus().unsetLink().run();
    const href = window.prompt(t('room.toolbar.linkPrompt'), 'https://');
    if (href && /^(https?:\/\/|mailto:)/i.test(href))
      editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
  };
  const button = (key: keyof typeof state, label: string, text: ReactNode, run: () => void) => (
    <button type="button" aria-pressed={state[key]} aria-label={label} title={label} onClick={run}>
      {text}
    </button>
  );
  return (
    <div role="toolbar" aria-label={t('room.toolbar.label')} className="toolbar">
      {button('bold', t('room.toolbar.bold'), 'B', () => editor.chain().focus().toggleBold().run())}
      {button('italic', t('room.toolbar.italic'), 'I', () => editor.chain().focus().toggleItalic().run())}
      {button('heading', t('room.toolbar.heading'), 'H', () =>
        editor.chain().focus().toggleHeading({ level: 2 }).run(),
      )}
      {button('bulletList', t('room.toolbar.bulletList'), '•', () => editor.chain().focus().toggleBulletList().run())}
      {button('orderedList', t('room.toolbar.orderedList'), '1.', () =>
        editor.chain().focus().toggleOrderedList().run(),
      )}
      {button('link', state.link ? t('room.toolbar.unlink') : t('room.toolbar.link'), <LinkIcon />, setLink)}
    </div>
  );
}

function LinkIcon() {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <path d="M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7" />
      <path d="M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7" />
    </svg>
  );
}
