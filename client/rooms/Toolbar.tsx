import { useEditorState, type Editor } from '@tiptap/react';
import { useTranslation } from 'react-i18next';
import { ToolbarButtons, type FormatKey } from './ToolbarButtons';

/** Runs a formatting button's command on the editor (the link asks for its address). */
export function runFormat(editor: Editor, key: FormatKey, linkPrompt: string): void {
  const chain = () => editor.chain().focus();
  switch (key) {
    case 'bold':
      return void chain().toggleBold().run();
    case 'italic':
      return void chain().toggleItalic().run();
    case 'heading':
      return void chain().toggleHeading({ level: 2 }).run();
    case 'bulletList':
      return void chain().toggleBulletList().run();
    case 'orderedList':
      return void chain().toggleOrderedList().run();
    case 'link': {
      if (editor.isActive('link')) return void chain().unsetLink().run();
      const href = window.prompt(linkPrompt, 'https://');
      if (href && /^(https?:\/\/|mailto:)/i.test(href)) chain().extendMarkRange('link').setLink({ href }).run();
    }
  }
}

/** Formatting buttons bound to an editor: pressed where the selection has that format. */
export function Toolbar({ editor }: { editor: Editor }) {
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
  return <ToolbarButtons state={state} onFormat={(key) => runFormat(editor, key, t('room.toolbar.linkPrompt'))} />;
}
