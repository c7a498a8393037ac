import http from 'node:http';
import net from 'node:net';

/**
 * A proxy in front of the server that passes every HTTP request through and refuses every
 * WebSocket upgrade (403), as some city halls' proxies do: the REST API and Socket.IO's long
 * polling work, the live sync and Socket.IO's WebSocket do not — until `allowWebSockets()`.
 * Sign in at `url` (a session cookie is the host's, and this is another host than the server's).
 */
export async function webSocketBlockingProxy(target: string) {
  const { hostname, port } = new URL(target);
  let blocking = true;
  let refused = 0;
  const tunnels = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const upstream = http.request({ hostname, port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('upgrade', (req, socket, head) => {
    if (blocking) {
      refused++;
      return void socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    }
    const upstream = net.connect(Number(port), hostname === 'localhost' ? '127.0.0.1' : hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    tunnels.add(upstream).add(socket as net.Socket);
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: proxyPort } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${proxyPort}`,
    /** WebSocket upgrades refused so far: the pages behind it kept trying. */
    get upgradesRefused() {
      return refused;
    },
    /** From now on WebSockets go through, as on a network that allows them. */
    allowWebSockets() {
      blocking = false;
    },
    /**
     * From now on WebSockets are refused again, and those open through it are cut: a laptop
     * carried onto a network that blocks them.
     */
    blockWebSockets() {
      blocking = true;
      for (const tunnel of tunnels) tunnel.destroy();
      tunnels.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const tunnel of tunnels) tunnel.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
