import { useLayoutEffect, useRef } from 'react';

/**
 * Scroll behaviour of a discussion: follows new messages while the reader is at
 * the bottom (or when they post), and keeps the reader's place when older
 * messages are loaded above. Returns the ref for the scrolling list.
 */
export function useThreadScroll(oldestId: string | undefined, newestKey: string | undefined, posting: number) {
  const listRef = useRef<HTMLOListElement>(null);
  const last = useRef({ oldestId, newestKey, posting, height: 0, atBottom: true });

  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const onScroll = () => {
      last.current.atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 48;
    };
    list.addEventListener('scroll', onScroll, { passive: true });
    return () => list.removeEventListener('scroll', onScroll);
  }, []);

  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const before = last.current;
    const olderLoaded = oldestId !== before.oldestId && newestKey === before.newestKey && before.height > 0;
    if (olderLoaded) list.scrollTop += list.scrollHeight - before.height;
    else if (before.atBottom || posting > before.posting) list.scrollTop = list.scrollHeight;
    last.current = {
      oldestId,
      newestKey,
      posting,
      height: list.scrollHeight,
      atBottom: before.atBottom || posting > before.posting,
    };
  }, [oldestId, newestKey, posting]);

  return listRef;
}
