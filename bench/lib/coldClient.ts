/**
 * A fresh process, as a browser tab would be, that loads the stored document one of two ways
 * and prints `RESULT <json>`:
 * - `client`: a stock y-websocket provider opens it from the server; the time until its first
 *   `sync` (and until its socket opened and its first frame arrived), and whether it held the
 *   stored content then (checked after the time is taken:
 *   reading ten million characters out of a Y.Text is not part of loading them);
 * - `bare`: a bare Y.applyUpdate of the same state, read from a file.
 * It prints READY once its modules are loaded and starts when a line arrives on stdin, so the
 * start-up of the process is in neither measure.
 * Usage: coldClient.ts <json: { mode: 'client', serverUrl, room, headers, expectedSha256 } | { mode: 'bare', file }>
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

type Config =
  | { mode: 'client'; serverUrl: string; room: string; headers: Record<string, string>; expectedSha256: string }
  | { mode: 'bare'; file: string };
const config = JSON.parse(process.argv[2]!) as Config;
const update = config.mode === 'bare' ? new Uint8Array(readFileSync(config.file)) : null;

process.stdout.write('READY\n');
await new Promise((resolve) => createInterface({ input: process.stdin }).once('line', resolve));

if (config.mode === 'bare') {
  const started = performance.now();
  Y.applyUpdate(new Y.Doc(), update!);
  process.stdout.write(`RESULT ${JSON.stringify({ ms: performance.now() - started })}\n`);
  process.exit(0);
}

const { serverUrl, room, headers, expectedSha256 } = config;
const doc = new Y.Doc();
let closes = 0;
/** When the socket opened and when the first frame arrived (before the provider handles it), ms from the start. */
let openMs = NaN;
let firstFrameMs = NaN;
const WS = class extends WebSocket {
  constructor(address: string | URL, protocols?: string | string[]) {
    super(address, protocols, { headers });
    this.once('open', () => (openMs = performance.now() - started));
    // registered before the provider's handler, so this is the frame's arrival, not its handling
    this.once('message', () => (firstFrameMs = performance.now() - started));
  }
};
const started = performance.now();
const provider = new WebsocketProvider(serverUrl, room, doc, {
  WebSocketPolyfill: WS as unknown as typeof globalThis.WebSocket,
  disableBc: true,
});
provider.on('connection-close', () => closes++);
const ms = await new Promise<number>((resolve) => provider.once('sync', () => resolve(performance.now() - started)));
const closedBeforeSync = closes;
const content = doc.getText('content').toString();
const complete = createHash('sha256').update(content).digest('hex') === expectedSha256;
provider.destroy();
process.stdout.write(
  `RESULT ${JSON.stringify({ ms, openMs, firstFrameMs, complete, watchdogCloses: closedBeforeSync })}\n`,
);
process.exit(0);
