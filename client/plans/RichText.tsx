import { Extension } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect } from 'react';
import type { UndoManager, XmlFragment } from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { AutoDirection } from '../rooms/Editor';
import { ListDirection } from '../rooms/listDirection';
import { Toolbar } from '../rooms/Toolbar';

interface Props {
  fragment: XmlFragment;
  provider: WebsocketProvider;
  undoManager: UndoManager;
  user: { name: string; color: string };
  editable: boolean;
  label: string;
  onFocus?: () => void;
}

/** Ctrl/Cmd+Z and redo go to the plan's undo manager: one history for the whole plan, own changes only. */
const PlanUndo = Extension.create<{ undoManager: UndoManager | null }>({
  name: 'planUndo',
  priority: 1000,
  addOptions: () => ({ undoManager: null }),
  addKeyboardShortcuts() {
    const run = (action: 'undo' | 'redo') => () => {
      this.options.undoManager?.[action]();
      return true;
    };
    return { 'Mod-z': run('undo'), 'Mod-y': run('redo'), 'Shift-Mod-z': run('redo') };
  },
});

/**
 * Rich text bound to one fragment of the plan (the introduction or a priority's description), with
 * the room editor's setup and remote carets with names; Ctrl+Z here undoes this person's own
 * changes to the plan, in the order made.
 */
export function RichText({ fragment, provider, undoManager, user, editable, label, onFocus }: Props) {
  const editor = useEditor(
    {
      extensions: [
        StarterKit.configure({
          undoRedo: false,
          heading: { levels: [3, 4] },
          link: { openOnClick: false, autolink: true, protocols: ['https', 'mailto'], defaultProtocol: 'https' },
        }),
        AutoDirection,
        ListDirection,
        Collaboration.configure({ fragment }),
        PlanUndo.configure({ undoManager }),
        CollaborationCaret.configure({ provider, user }),
      ],
      editable,
      onFocus: () => onFocus?.(),
      editorProps: {
        attributes: { role: 'textbox', 'aria-multiline': 'true', 'aria-label': label, class: 'rich-text-body' },
      },
    },
    [fragment, provider, undoManager],
  );
  useEffect(() => {
    editor?.setEditable(editable);
  }, [editor, editable]);
  // the label names the priority, whose title changes while the editor lives. setOptions waits
  // for the view when the editor is not mounted yet (touching editor.view then throws)
  useEffect(() => {
    editor?.setOptions({
      editorProps: {
        ...editor.options.editorProps,
        attributes: { role: 'textbox', 'aria-multiline': 'true', 'aria-label': label, class: 'rich-text-body' },
      },
    });
  }, [editor, label]);
  if (!editor) return null;
  return (
    <div className="rich-text">
      {editable && <Toolbar editor={editor} />}
      <EditorContent editor={editor} />
    </div>
  );
}
