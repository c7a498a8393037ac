import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BoldIcon, BulletListIcon, HeadingIcon, ItalicIcon, LinkIcon, OrderedListIcon } from './ToolbarIcons';

export type FormatKey = 'bold' | 'italic' | 'heading' | 'bulletList' | 'orderedList' | 'link';
export type FormatState = Record<FormatKey, boolean>;

export const NO_FORMAT: FormatState = {
  bold: false,
  italic: false,
  heading: false,
  bulletList: false,
  orderedList: false,
  link: false,
};

/**
 * The formatting buttons as drawn: icons whose accessible name and tooltip are the same translated
 * word. No editor here (it has no Tiptap import), so the document's first view can show them
 * before the editor has loaded; `Toolbar` binds them to an editor.
 */
export function ToolbarButtons({ state, onFormat }: { state: FormatState; onFormat: (key: FormatKey) => void }) {
  const { t, i18n } = useTranslation();
  const rtl = i18n.dir() === 'rtl';
  const button = (key: FormatKey, label: string, icon: ReactNode) => (
    <button type="button" aria-pressed={state[key]} aria-label={label} title={label} onClick={() => onFormat(key)}>
      {icon}
    </button>
  );
  return (
    <div role="toolbar" aria-label={t('room.toolbar.label')} className="toolbar">
      {button('bold', t('room.toolbar.bold'), <BoldIcon />)}
      {button('italic', t('room.toolbar.italic'), <ItalicIcon />)}
      {button('heading', t('room.toolbar.heading'), <HeadingIcon />)}
      {button('bulletList', t('room.toolbar.bulletList'), <BulletListIcon rtl={rtl} />)}
      {button('orderedList', t('room.toolbar.orderedList'), <OrderedListIcon rtl={rtl} />)}
      {button('link', state.link ? t('room.toolbar.unlink') : t('room.toolbar.link'), <LinkIcon />)}
    </div>
  );
}
