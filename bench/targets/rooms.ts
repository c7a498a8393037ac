/**
 * What the two relays share: a `ws` server on loopback whose rooms are URL paths, every frame
 * handed to `onMessage` with the sender's room, and the port printed once it listens.
 */
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

export type Room = Set<WebSocket>;

export function serveRooms(onMessage: (room: Room, from: WebSocket, data: Buffer, isBinary: boolean) => void): void {
  const rooms = new Map<string, Room>();
  const server = createServer();
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws, req) => {
    const name = (req.url ?? '/').split('?')[0]!;
    let room = rooms.get(name);
    if (!room) rooms.set(name, (room = new Set()));
    room.add(ws);
    ws.on('message', (data: Buffer, isBinary) => onMessage(room, ws, data, isBinary));
    ws.on('close', () => room.delete(ws));
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (address && typeof address === 'object') process.stdout.write(`listening ${address.port}\n`);
  });
}

/** Sends `data` to everyone in `room` but `from`. */
export function forward(room: Room, from: WebSocket, data: Buffer, isBinary: boolean): void {
  for (const other of room)
    if (other !== from && other.readyState === other.OPEN) other.send(data, { binary: isBinary });
}
