import type { Page, WebSocketRoute } from '@playwright/test';

/**
 * Puts a page's live connections (Yjs sync and Socket.IO) behind a switch: `offline()` drops
 * them and refuses new ones, as a lost network would; `halfOpen()` keeps them open but lets
 * nothing through in either direction, as a dead Wi-Fi that never closed the socket;
 * `online()` restores both. REST requests are not touched.
 */
export async function networkSwitch(page: Page) {
  let mode: 'online' | 'offline' | 'halfOpen' = 'online';
  let silent = 0;
  const open = new Set<WebSocketRoute>();
  await page.routeWebSocket(/\/(collab|socket\.io)\//, (ws) => {
    if (mode === 'halfOpen' && /\/collab\//.test(ws.url())) silent++;
    if (mode === 'offline') return void ws.close();
    if (mode === 'halfOpen') return; // never answered
    const server = ws.connectToServer();
    open.add(ws);
    ws.onMessage((m) => mode === 'online' && server.send(m));
    server.onMessage((m) => mode === 'online' && ws.send(m));
    ws.onClose(() => {
      open.delete(ws);
      void server.close();
    });
    server.onClose(() => {
      open.delete(ws);
      void ws.close();
    });
  });
  return {
    async offline() {
      mode = 'offline';
      await Promise.all([...open].map((ws) => ws.close()));
    },
    halfOpen() {
      mode = 'halfOpen';
    },
    online() {
      mode = 'online';
    },
    /** Sync connections opened while half-open: they opened, and nothing ever came back. */
    get silentSyncConnections() {
      return silent;
    },
  };
}
