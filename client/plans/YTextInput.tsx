import { useCallback, useSyncExternalStore, type InputHTMLAttributes } from 'react';
import type * as Y from 'yjs';
import { setText } from '../../shared/plans/doc';
import { LOCAL_ORIGIN } from './usePlanDoc';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & { text: Y.Text };

/**
 * A one-line input bound to a Y.Text: read straight from the shared text (so typing never races a
 * re-render), written with the smallest edit, so two people typing in one title both keep their characters.
 */
export function YTextInput({ text, ...input }: Props) {
  const subscribe = useCallback(
    (changed: () => void) => {
      text.observe(changed);
      return () => text.unobserve(changed);
    },
    [text],
  );
  const value = useSyncExternalStore(subscribe, () => text.toString());
  return (
    <input
      dir="auto"
      {...input}
      value={value}
      onChange={(e) => text.doc && setText(text.doc, text, e.target.value, LOCAL_ORIGIN)}
    />
  );
}
