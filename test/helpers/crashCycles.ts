import { readdirSync, readFileSync } from 'node:fs';
import { DEMO_PASSWORD, DEMO_USERS } from '../../server/seed/demo.js';
import { ServerProcess } from '../e2e/serverProcess.js';
import { openAckingClient, synced, loadFresh, type AckingClient } from './ackingClient.js';

/** The shared text the crash cycles edit, beside whatever the room document already holds. */
export const TEXT = 'crash-cycles';

export interface CrashOptions {
  cycles: number;
  clients: number;
  /** How long the server lives in each cycle before SIGKILL: uniformly between these (ms). */
  liveMs: [number, number];
  /** Pause between one client's edits (ms, uniformly from 0 to this). */
  editEveryMs: number;
  log?: (line: string) => void;
}

export interface CrashReport {
  cycles: number;
  clients: number;
  edits: number;
  acknowledged: number;
  seen: number;
  /** Acknowledged or seen edits missing from the document after the last restart. */
  lost: string[];
  /** Embedded FerretDB processes found alive after their server was killed (stopped on the next start). */
  orphansCleaned: number;
  /** Processes still using the data folder once the run stopped the server: must be 0. */
  leftoverProcesses: number;
  seconds: number;
}

interface Token {
  text: string;
  acked: boolean;
}

/**
 * One editor: inserts unique tokens (`<c2.17>`) at token boundaries, so tokens never
 * split each other, and learns which ones the server said it stored. A frame of a
 * reconnection's sync step 2 carries every token this client had inserted by then.
 */
export class Editor {
  readonly tokens: Token[] = [];
  readonly client: AckingClient;
  private inserting: number | null = null;

  constructor(
    readonly id: number,
    url: string,
    documentName: string,
    cookie: string,
  ) {
    this.client = openAckingClient<number[]>({
      url,
      documentName,
      cookie,
      claim: (kind) =>
        kind === 'state' ? this.tokens.map((_, i) => i) : this.inserting === null ? [] : [this.inserting],
      onAcked: (indexes) => indexes.forEach((i) => (this.tokens[i]!.acked = true)),
    });
  }

  insert(random: () => number): void {
    const text = this.client.doc.getText(TEXT);
    const current = text.toString();
    const boundaries = [0];
    for (let i = current.indexOf('>'); i !== -1; i = current.indexOf('>', i + 1)) boundaries.push(i + 1);
    const at = boundaries[Math.floor(random() * boundaries.length)]!;
    const token = `<c${this.id}.${this.tokens.length}>`;
    this.inserting = this.tokens.length;
    this.tokens.push({ text: token, acked: false });
    try {
      text.insert(at, token);
    } finally {
      this.inserting = null;
    }
  }

  /** Tokens of other clients this client has received. */
  seen(): string[] {
    const own = `<c${this.id}.`;
    return (
      this.client.doc
        .getText(TEXT)
        .toString()
        .match(/<c\d+\.\d+>/g) ?? []
    ).filter((t) => !t.startsWith(own));
  }
}

/**
 * Crash cycles: the production server process is killed with SIGKILL every few
 * seconds while several stock y-websocket clients keep editing (online and, while
 * it is down, offline). After the last kill the clients are closed without
 * reconnecting, the server starts once more, and a fresh client loads the document:
 * every token any client was told was saved, or received from another client,
 * must be in it. Nothing else may still run from the data folder afterwards.
 */
export async function runCrashCycles(options: CrashOptions): Promise<CrashReport> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const random = Math.random;
  const server = await ServerProcess.create();
  let orphansCleaned = 0;
  const editors: Editor[] = [];
  let editing = true;
  try {
    const cookie = await signIn(server.url);
    const documentName = await editableRoom(server.url, cookie);
    for (let i = 0; i < options.clients; i++) editors.push(new Editor(i, server.url, documentName, cookie));
    await Promise.all(editors.map((e) => synced(e.client.provider)));
    const loops = editors.map(async (editor) => {
      while (editing) {
        editor.insert(random);
        await sleep(random() * options.editEveryMs);
      }
    });
    for (let cycle = 1; cycle <= options.cycles; cycle++) {
      // live editing: from the moment every client is back in sync, for a few seconds
      await Promise.all(editors.map((e) => synced(e.client.provider, 120_000)));
      const [min, max] = options.liveMs;
      await sleep(min + random() * (max - min));
      await server.kill();
      if (databaseProcesses(server.dataDir).length > 0) orphansCleaned++;
      log(`cycle ${cycle}/${options.cycles}: killed; ${counts(editors)}`);
      // the clients keep editing offline while the server is down and starting
      await sleep(random() * 500);
      if (cycle < options.cycles) {
        const t = performance.now();
        await server.start();
        log(`  restarted in ${Math.round(performance.now() - t)} ms`);
      }
    }
    editing = false;
    await Promise.all(loops);
    const seen = new Set(editors.flatMap((e) => e.seen()));
    const acknowledged = editors.flatMap((e) => e.tokens.filter((t) => t.acked).map((t) => t.text));
    for (const editor of editors) editor.client.destroy();
    await server.start();
    const loaded = await loadFresh(server.url, documentName, cookie, TEXT);
    const present = new Set(loaded.match(/<c\d+\.\d+>/g) ?? []);
    const lost = [...new Set([...acknowledged, ...seen])].filter((t) => !present.has(t));
    await server.stop();
    return {
      cycles: options.cycles,
      clients: options.clients,
      edits: editors.reduce((n, e) => n + e.tokens.length, 0),
      acknowledged: acknowledged.length,
      seen: seen.size,
      lost,
      orphansCleaned,
      leftoverProcesses: databaseProcesses(server.dataDir).length,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    editing = false;
    for (const editor of editors) editor.client.destroy();
    await server.stop();
  }
}

function counts(editors: Editor[]): string {
  const edits = editors.reduce((n, e) => n + e.tokens.length, 0);
  const acked = editors.reduce((n, e) => n + e.tokens.filter((t) => t.acked).length, 0);
  return `${edits} edits, ${acked} acknowledged`;
}

export async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DEMO_USERS.admin.email, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

export async function editableRoom(url: string, cookie: string): Promise<string> {
  const res = await fetch(`${url}/api/rooms`, { headers: { cookie } });
  const { rooms } = (await res.json()) as { rooms: { documentName: string; abilities: { edit: boolean } }[] };
  const room = rooms.find((r) => r.abilities.edit);
  if (!room) throw new Error('the demo admin can edit no room');
  return room.documentName;
}

/** Pids of processes whose command line names the data folder (the embedded FerretDB). */
export function databaseProcesses(dataDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(dataDir)) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
