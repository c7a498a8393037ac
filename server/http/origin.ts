import type { IncomingMessage } from 'node:http';

/**
 * True when a browser says the request comes from another site: an `Origin`
 * header whose host is not ours (or `Origin: null`, sent from sandboxed
 * contexts). Requests without Origin (non-browser clients) are not cross-site.
 * Guards state changes over REST and every WebSocket upgrade, so a page elsewhere
 * cannot act with a member's cookie.
 */
export function isCrossSite(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}
