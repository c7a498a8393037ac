/**
 * The limit: a raw `ws` relay that forwards every frame, unchanged, to the other
 * connections of the same room (the URL path). No Yjs, no storage, no checks.
 */
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const rooms = new Map<string, Set<WebSocket>>();
const server = createServer();
const wss = new WebSocketServer({ server });
wss.on('connection', (ws, req) => {
  const name = (req.url ?? '/').split('?')[0]!;
  let room = rooms.get(name);
  if (!room) rooms.set(name, (room = new Set()));
  room.add(ws);
  ws.on('message', (data, isBinary) => {
    for (const other of room)
      if (other !== ws && other.readyState === other.OPEN) other.send(data, { binary: isBinary });
  });
  ws.on('close', () => room.delete(ws));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`listening ${address.port}\n`);
});
