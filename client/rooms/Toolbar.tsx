import { useEditorState, type Editor } from '@tiptap/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BoldIcon, BulletListIcon, HeadingIcon, ItalicIcon, LinkIcon, OrderedListIcon } from './ToolbarIcons';

/** Formatting buttons: icons whose accessible name and tooltip are the same translated word. */
export function Toolbar({ editor }: { editor: Editor }) {
  const { t, i18n } = useTranslation();
  const rtl = i18n.dir() === 'rtl';
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
  const button = (key: keyof typeof state, label: string, icon: ReactNode, run: () => void) => (
    <button type="button" aria-pressed={state[key]} aria-label={label} title={label} onClick={run}>
      {icon}
    </button>
  );
  return (
    <div role="toolbar" aria-label={t('room.toolbar.label')} className="toolbar">
      {button('bold', t('room.toolbar.bold'), <BoldIcon />, () => editor.chain().focus().toggleBold().run())}
      {button('italic', t('room.toolbar.italic'), <ItalicIcon />, () => editor.chain().focus().toggleItalic().run())}
      {button('heading', t('room.toolbar.heading'), <HeadingIcon />, () =>
        editor.chain().focus().toggleHeading({ level: 2 }).run(),
      )}
      {button('bulletList', t('room.toolbar.bulletList'), <BulletListIcon rtl={rtl} />, () =>
        editor.chain().focus().toggleBulletList().run(),
      )}
      {button('orderedList', t('room.toolbar.orderedList'), <OrderedListIcon rtl={rtl} />, () =>
        editor.chain().focus().toggleOrderedList().run(),
      )}
      {button('link', state.link ? t('room.toolbar.unlink') : t('room.toolbar.link'), <LinkIcon />, setLink)}
    </div>
  );
}
