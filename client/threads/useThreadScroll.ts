import { useLayoutEffect, useRef } from 'react';

/**
 * Scroll behaviour of a discussion: follows new messages while the reader is at
 * the bottom (or when they post), and keeps the reader's place when older
 * messages are loaded above. A new `windowKey` (a jump replaced the window, or a
 * newer page was added below a detached one) is not followed: the list keeps its
 * place, and a jump scrolls to its own message. Returns the ref for the scrolling list.
 */
export function useThreadScroll(
  oldestId: string | undefined,
  newestKey: string | undefined,
  posting: number,
  windowKey = 0,
) {
  const listRef = useRef<HTMLOListElement>(null);
  const last = useRef({ oldestId, newestKey, posting, windowKey, height: 0, atBottom: true });

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
    const moved = windowKey !== before.windowKey;
    if (moved) {
      // the jump (or the reader, scrolling down) decides where the list is
    } else if (olderLoaded) list.scrollTop += list.scrollHeight - before.height;
    else if (before.atBottom || posting > before.posting) list.scrollTop = list.scrollHeight;
    last.current = {
      oldestId,
      newestKey,
      posting,
      windowKey,
      height: list.scrollHeight,
      atBottom: before.atBottom || posting > before.posting,
    };
  }, [oldestId, newestKey, posting, windowKey]);

  return listRef;
}
