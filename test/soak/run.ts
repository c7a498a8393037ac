import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { median, quantile } from '../../bench/lib/stats.js';
import type { Ack } from '../../shared/errors.js';
import type { MessagePage } from '../../shared/schemas/threads.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../server/seed/demo.js';
import { loadFresh } from '../helpers/ackingClient.js';
import { DiscussionClient, emptyCounters, SOAK_TEXT, SyncEditor, TOKEN_PATTERN, type SoakCounters } from './clients.js';
import { SoakServer, type ServerSample } from './server.js';

export interface SoakOptions {
  minutes: number;
  warmupMinutes: number;
  /** Sync (y-websocket) connections, spread over `rooms`. */
  connections: number;
  rooms: number;
  /** Socket.IO connections in the rooms' discussions. */
  sockets: number;
  /** Each sync client edits every editEverySeconds[0]..[1] s; each socket posts every postEverySeconds. */
  editEverySeconds: [number, number];
  postEverySeconds: [number, number];
  sampleEverySeconds: number;
  log: (line: string) => void;
  /** Called with each sample as it is taken (the CLI appends them to a file). */
  onSample?: (sample: Sample) => void;
  /** Keep the server's data folder afterwards, for a post-mortem. */
  keepData?: boolean;
  /**
   * Take heap snapshots after the RSS window that follows warm-up and after the last
   * sample (compare them with `npm run heapdiff`). A snapshot freezes the server
   * for seconds and can leave RSS higher, so this errs towards reporting more growth.
   */
  heapSnapshots?: boolean;
}

export interface Sample extends ServerSample {
  /** Seconds since every client was connected and editing began. */
  t: number;
  syncConnected: number;
  edits: number;
  acknowledged: number;
}

export interface SoakReport {
  options: Omit<SoakOptions, 'log' | 'onSample'>;
  samples: Sample[];
  /** Median server RSS over the minute after warm-up, and over the last minute. */
  rssAfterWarmup: number;
  rssAtEnd: number;
  rssGrowth: number;
  heapAfterWarmup: number;
  heapAtEnd: number;
  counters: Omit<SoakCounters, 'editLatencies' | 'postLatencies'>;
  editP50Ms: number;
  editP99Ms: number;
  editMaxMs: number;
  postP50Ms: number;
  postP99Ms: number;
  loopDelayMaxMs: number;
  loopDelayMaxAfterWarmupMs: number;
  /** Samples for which the server's probe did not answer within 30 s (RSS still read from /proc). */
  probeUnanswered: number;
  connectSeconds: number;
  /** Edits still waiting for their saved marker when the run ended (not promised, not checked). */
  unacknowledgedAtEnd: number;
  /** Acknowledged or seen tokens missing from the documents a fresh client loads after a restart. */
  lost: string[];
  checkedTokens: number;
  /** Acknowledged posts missing from the rooms' history after the restart. */
  lostMessages: number;
  checkedMessages: number;
  serverWarnings: number;
  serverErrors: number;
  serverErrorLines: string[];
  /** Rooms a fresh client could not load after the restart (their edits count as lost). */
  unloadable: string[];
  /** Heap snapshot files, when asked for: after warm-up and at the end. */
  heapSnapshots: string[];
  serverLog: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const between = ([min, max]: [number, number]) => (min + Math.random() * (max - min)) * 1000;

/** The soft limit on open files of a process (/proc/<pid>/limits). */
export function openFileLimit(pid: number | 'self' = 'self'): number {
  const line = readFileSync(`/proc/${pid}/limits`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const soft = line?.split(/\s{2,}/)[1];
  return soft === 'unlimited' || soft === undefined ? Infinity : Number(soft);
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const { log } = options;
  const needed = options.connections + options.sockets + 512;
  if (openFileLimit() < needed)
    throw new Error(`open-file limit ${openFileLimit()} is below ${needed}: run \`ulimit -n ${needed * 2}\` first`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'roundtable-soak-'));
  const logFile = path.join(tmpdir(), `roundtable-soak-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
  const server = await SoakServer.create(dataDir, logFile);
  log(`server log: ${logFile}`);
  const counters = emptyCounters();
  const editors: SyncEditor[] = [];
  const discussions: DiscussionClient[] = [];
  const timers = new Set<NodeJS.Timeout>();
  try {
    if (openFileLimit(server.pid) < needed) throw new Error(`the server's open-file limit is below ${needed}`);
    const cookie = await signIn(server.url);
    const rooms = await createRooms(server.url, cookie, options.rooms);
    const idle = await server.sample();
    log(`server up, ${rooms.length} rooms; idle RSS ${mb(idle.procRss)} MB`);

    const connectStarted = performance.now();
    for (let i = 0; i < options.connections; i++) {
      const r = i % rooms.length;
      editors.push(new SyncEditor(r, i, server.url, rooms[r]!.documentName, cookie, counters));
      if (i % 25 === 24) await sleep(250);
    }
    await waitUntil(() => editors.every((e) => e.synced), 600_000, 'every sync client synced');
    // each discussion client is its own person (a guest of its room): one person's posting limit is not shared
    const people = await invitePeople(server.url, cookie, rooms, options.sockets);
    for (let i = 0; i < options.sockets; i++) {
      discussions.push(new DiscussionClient(server.url, people[i]!, rooms[i % rooms.length]!.id, counters));
      if (i % 25 === 24) await sleep(250);
    }
    await Promise.all(discussions.map((d) => d.ready));
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    log(
      `${editors.length} sync and ${discussions.length} Socket.IO clients connected in ${connectSeconds.toFixed(1)} s`,
    );

    const started = performance.now();
    const endAt = started + options.minutes * 60_000;
    let editing = true;
    const every = (first: number, next: () => number, action: () => void) => {
      const tick = () => {
        timers.delete(timer);
        if (!editing) return;
        action();
        timer = setTimeout(tick, next());
        timers.add(timer);
      };
      let timer = setTimeout(tick, first);
      timers.add(timer);
    };
    for (const editor of editors)
      every(
        Math.random() * options.editEverySeconds[1] * 1000,
        () => between(options.editEverySeconds),
        () => editor.insert(Math.random),
      );
    for (const d of discussions)
      every(
        Math.random() * options.postEverySeconds[1] * 1000,
        () => between(options.postEverySeconds),
        () => void d.post(),
      );

    const samples: Sample[] = [];
    const heapSnapshots: string[] = [];
    const snapshot = async (when: string) => {
      log(`heap snapshot (${when})…`);
      heapSnapshots.push(await server.heapSnapshot());
      log(`heap snapshot written: ${heapSnapshots.at(-1)}`);
    };
    // the snapshot after warm-up waits until the window the growth is measured from is sampled
    const snapshotAfter = (options.warmupMinutes + windowMinutes(options)) * 60;
    for (let k = 1; started + k * options.sampleEverySeconds * 1000 <= endAt + 1; k++) {
      await sleep(started + k * options.sampleEverySeconds * 1000 - performance.now());
      const s = await server.sample();
      samples.push({
        t: Math.round((performance.now() - started) / 100) / 10,
        ...s,
        syncConnected: editors.filter((e) => e.client.provider.wsconnected).length,
        edits: counters.edits,
        acknowledged: counters.acknowledged,
      });
      options.onSample?.(samples.at(-1)!);
      if (k % Math.max(1, Math.round(60 / options.sampleEverySeconds)) === 0)
        log(
          `t=${Math.round(samples.at(-1)!.t)} s RSS ${mb(s.procRss)} MB heap ${mb(s.heapUsed)} MB; ` +
            `${counters.edits} edits, ${counters.acknowledged} acknowledged, ${counters.posts} posts; ` +
            `${counters.syncDisconnects + counters.socketDisconnects} disconnects; loop max ${s.loopMaxMs.toFixed(0)} ms`,
        );
      if (options.heapSnapshots && heapSnapshots.length === 0 && samples.at(-1)!.t >= snapshotAfter)
        await snapshot('after warm-up');
    }
    if (options.heapSnapshots) await snapshot('end');
    editing = false;
    for (const t of timers) clearTimeout(t);

    // what was sent last gets its saved marker; whatever still has none is not promised
    await waitUntil(() => editors.every((e) => e.synced && e.unacknowledged() === 0), 60_000).catch(() => undefined);
    const unacknowledgedAtEnd = editors.reduce((n, e) => n + e.unacknowledged(), 0);
    const expected = rooms.map(() => new Set<string>());
    for (const e of editors) {
      for (const t of e.acknowledgedTokens()) expected[e.room]!.add(t);
      for (const t of e.seenTokens()) expected[e.room]!.add(t);
    }
    const posted = rooms.map(() => new Set<string>());
    for (const d of discussions) for (const id of d.posted) posted[rooms.findIndex((r) => r.id === d.roomId)]!.add(id);
    for (const e of editors) e.close();
    for (const d of discussions) d.close();

    // what the database alone holds: restart, then load each room on a fresh client
    log('restarting the server to check what it stored');
    await server.stop();
    await server.start();
    const lost: string[] = [];
    let lostMessages = 0;
    const unloadable: string[] = [];
    for (const [r, room] of rooms.entries()) {
      let text: string;
      try {
        text = await loadFresh(server.url, room.documentName, cookie, SOAK_TEXT);
      } catch (error) {
        // a document nobody can load loses everything in it, as far as anyone can tell
        log(`room ${r} (${room.documentName}) could not be loaded: ${(error as Error).message}`);
        unloadable.push(room.documentName);
        text = '';
      }
      const present = new Set(text.match(TOKEN_PATTERN) ?? []);
      for (const t of expected[r]!) if (!present.has(t)) lost.push(t);
      const stored = await history(server.url, cookie, room.id);
      for (const id of posted[r]!) if (!stored.has(id)) lostMessages++;
    }

    const afterWarmup = samples.filter((s) => s.t >= options.warmupMinutes * 60);
    const window = Math.max(1, Math.round((windowMinutes(options) * 60) / options.sampleEverySeconds));
    const first = afterWarmup.slice(0, window);
    const last = samples.slice(-window);
    const rssAfterWarmup = median(first.map((s) => s.procRss));
    const rssAtEnd = median(last.map((s) => s.procRss));
    const sortedEdits = Float64Array.from(counters.editLatencies).sort();
    const sortedPosts = Float64Array.from(counters.postLatencies).sort();
    const { editLatencies: _e, postLatencies: _p, ...rest } = counters;
    const { log: _log, onSample: _onSample, ...plain } = options;
    return {
      options: plain,
      samples,
      rssAfterWarmup,
      rssAtEnd,
      rssGrowth: rssAtEnd / rssAfterWarmup - 1,
      heapAfterWarmup: median(finite(first.map((s) => s.heapUsed))),
      heapAtEnd: median(finite(last.map((s) => s.heapUsed))),
      counters: rest,
      editP50Ms: quantile(sortedEdits, 0.5),
      editP99Ms: quantile(sortedEdits, 0.99),
      editMaxMs: sortedEdits.at(-1) ?? NaN,
      postP50Ms: quantile(sortedPosts, 0.5),
      postP99Ms: quantile(sortedPosts, 0.99),
      loopDelayMaxMs: Math.max(...finite(samples.map((s) => s.loopMaxMs))),
      loopDelayMaxAfterWarmupMs: Math.max(...finite(afterWarmup.map((s) => s.loopMaxMs))),
      probeUnanswered: server.unanswered,
      connectSeconds,
      unacknowledgedAtEnd,
      lost,
      checkedTokens: expected.reduce((n, s) => n + s.size, 0),
      lostMessages,
      checkedMessages: posted.reduce((n, s) => n + s.size, 0),
      serverWarnings: server.warnings,
      serverErrors: server.errors,
      serverErrorLines: server.errorLines,
      unloadable,
      heapSnapshots,
      serverLog: logFile,
    };
  } finally {
    for (const t of timers) clearTimeout(t);
    for (const e of editors) e.close();
    for (const d of discussions) d.close();
    await server.stop();
    if (options.keepData) log(`data kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

const finite = (values: number[]) => values.filter(Number.isFinite);

/** RSS growth compares the median of this many minutes after warm-up with the last as many (at most one). */
function windowMinutes(o: Pick<SoakOptions, 'minutes' | 'warmupMinutes'>): number {
  return Math.min(60, (o.minutes - o.warmupMinutes) * 15) / 60;
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

async function waitUntil(check: () => boolean, timeoutMs: number, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DEMO_USERS.admin.email, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

async function createRooms(url: string, cookie: string, count: number) {
  const api = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}${route}`, {
      method,
      headers: { cookie, origin: url, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const { groups } = await api<{ groups: { id: string }[] }>('GET', '/api/groups');
  const rooms: SoakRoom[] = [];
  for (let i = 0; i < count; i++) {
    const groupId = groups[i % groups.length]!.id;
    const { room } = await api<{ room: { id: string; documentName: string } }>('POST', `/api/groups/${groupId}/rooms`, {
      title: `Soak ${i}`,
      languages: ['en'],
    });
    rooms.push(room);
  }
  return rooms;
}

interface SoakRoom {
  id: string;
  documentName: string;
}

/**
 * `count` people, person i a guest of room i % rooms (invited by the admin, accepting through
 * the invitation link as anyone would; groups are capped at 8 members); their session cookies.
 */
async function invitePeople(url: string, cookie: string, rooms: SoakRoom[], count: number): Promise<string[]> {
  const stamp = Date.now().toString(36);
  const cookies: string[] = [];
  for (let i = 0; i < count; i++) {
    const room = rooms[i % rooms.length]!;
    const invited = await fetch(`${url}/api/rooms/${room.id}/invitations`, {
      method: 'POST',
      headers: { cookie, origin: url, 'content-type': 'application/json' },
      body: JSON.stringify({ email: `soak-${stamp}-${i}@soak.test` }),
    });
    if (!invited.ok) throw new Error(`invitation ${i}: ${invited.status} ${await invited.text()}`);
    const { link } = (await invited.json()) as { link: string };
    const token = link.slice(link.lastIndexOf('/') + 1);
    const accepted = await fetch(`${url}/api/invitations/${token}/accept`, {
      method: 'POST',
      headers: { origin: url, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Soak person ${i}`, password: `soak-password-${stamp}-${i}`, language: 'en' }),
    });
    if (!accepted.ok) throw new Error(`accepting invitation ${i}: ${accepted.status} ${await accepted.text()}`);
    cookies.push(accepted.headers.get('set-cookie')!.split(';')[0]!);
  }
  return cookies;
}

/** The client ids of every message stored in a room's discussion. */
async function history(url: string, cookie: string, roomId: string): Promise<Set<string>> {
  const socket = io(url, { transports: ['websocket'], extraHeaders: { cookie }, forceNew: true, reconnection: false });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const join = (await socket.timeout(30_000).emitWithAck('room:join', { roomId })) as Ack<unknown>;
    if (!join.ok) throw new Error(`room:join: ${join.error.message}`);
    const ids = new Set<string>();
    let before: string | undefined;
    for (;;) {
      const page = (await socket
        .timeout(30_000)
        .emitWithAck('thread:history', { roomId, before, limit: 100 })) as Ack<MessagePage>;
      if (!page.ok) throw new Error(`thread:history: ${page.error.message}`);
      for (const m of page.data.messages) {
        ids.add(m.clientId);
        if (before === undefined || m.id < before) before = m.id;
      }
      if (!page.data.hasMore || page.data.messages.length === 0) return ids;
    }
  } finally {
    socket.close();
  }
}
