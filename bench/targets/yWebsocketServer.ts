/** The reference y-websocket server (@y/websocket-server), in memory, storing nothing. */
import { createServer } from 'node:http';
import { setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';

const server = createServer();
const wss = new WebSocketServer({ server });
wss.on('connection', (ws, req) => setupWSConnection(ws, req, { gc: true }));
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`listening ${address.port}\n`);
});
