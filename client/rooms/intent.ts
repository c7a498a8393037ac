import type { FormatKey } from './ToolbarButtons';

/** A key pressed in the document before the editor was there, replayed once it is. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/**
 * What the reader did to the document's first view, which has no editor yet: where they clicked,
 * the keys they pressed and the formatting button they chose. The editor does the same once loaded.
 */
export interface Intent {
  at?: { x: number; y: number };
  keys: KeyPress[];
  format?: FormatKey;
  /** Whether the document still had the focus when the editor took over. */
  focused: boolean;
  /** Set by the editor once it has done all this; keys pressed after go to it directly. */
  done?: boolean;
}

/** Keys that edit or move the caret, kept for the editor; others (Tab, Escape, shortcuts) do what they do. */
export function keptKey(e: KeyPress): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return (e.ctrlKey || e.metaKey) && (e.key === 'Home' || e.key === 'End');
  return e.key.length === 1 || ['Enter', 'Backspace', 'Delete', 'Home', 'End'].includes(e.key);
}
