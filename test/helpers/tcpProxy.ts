import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP forwarder with a switchable upstream: what a load balancer does when a
 * node stops answering its health check. Connections to a dead upstream fail
 * (the client sees its connection drop and reconnects, to the new upstream).
 */
export class TcpProxy {
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    public upstream: number,
  ) {}

  static async start(upstream: number): Promise<TcpProxy> {
    const server = net.createServer();
    const proxy = new TcpProxy(server, upstream);
    server.on('connection', (client) => proxy.forward(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private forward(client: net.Socket): void {
    const target = net.connect(this.upstream, '127.0.0.1');
    for (const s of [client, target]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(target).on('close', () => client.destroy());
    target.pipe(client).on('close', () => target.destroy());
    client.on('close', () => target.destroy());
    target.on('close', () => client.destroy());
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
