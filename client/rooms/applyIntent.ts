import type { Editor } from '@tiptap/core';
import { Selection, TextSelection } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import type { Intent, KeyPress } from './intent';
import { runFormat } from './Toolbar';

/** A key as the editor would have taken it: its key bindings, its input rules, then plain editing. */
function press(view: EditorView, k: KeyPress): void {
  const event = new KeyboardEvent('keydown', { ...k, bubbles: true, cancelable: true });
  if (view.someProp('handleKeyDown', (f) => f(view, event))) return;
  const { state } = view;
  const { selection, doc } = state;
  const { from, to, $from, empty } = selection;
  if (k.key.length === 1) {
    const typed = () => state.tr.insertText(k.key, from, to);
    if (!view.someProp('handleTextInput', (f) => f(view, from, to, k.key, typed))) view.dispatch(typed());
    return;
  }
  let tr = state.tr;
  switch (k.key) {
    case 'Backspace':
      if (!empty) tr = tr.deleteSelection();
      else if ($from.parentOffset > 0) tr = tr.delete(from - 1, from);
      break;
    case 'Delete':
      if (!empty) tr = tr.deleteSelection();
      else if ($from.parentOffset < $from.parent.content.size) tr = tr.delete(from, from + 1);
      break;
    case 'Home':
      tr = tr.setSelection(k.ctrlKey || k.metaKey ? Selection.atStart(doc) : TextSelection.create(doc, $from.start()));
      break;
    case 'End':
      tr = tr.setSelection(k.ctrlKey || k.metaKey ? Selection.atEnd(doc) : TextSelection.create(doc, $from.end()));
      break;
  }
  if (tr.docChanged || tr.selectionSet) view.dispatch(tr.scrollIntoView());
}

/** Does in the editor what the reader did to the document's first view while the editor loaded. */
export function applyIntent(editor: Editor, intent: Intent, linkPrompt: string): void {
  intent.done = true;
  if (!intent.focused || !editor.isEditable) return;
  const { view } = editor;
  const at = intent.at && view.posAtCoords({ left: intent.at.x, top: intent.at.y });
  if (at) editor.chain().focus().setTextSelection(at.pos).run();
  else editor.commands.focus();
  for (const k of intent.keys) press(view, k);
  if (intent.format) runFormat(editor, intent.format, linkPrompt);
}
