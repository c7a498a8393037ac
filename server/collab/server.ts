import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import {
  CLOSE_CODES,
  COLLAB_PATH,
  DOCUMENT_NAME_PATTERN,
  MESSAGE_SYNC,
  SAVED_QUERY_PARAM,
} from '../../shared/collab.js';
import type * as Y from 'yjs';
import { toAppError, unauthenticated } from '../errors.js';
import { actorOf, tokenFromRequest, type Authenticator, type SessionUser } from '../http/authenticate.js';
import { isCrossSite } from '../http/origin.js';
import { TokenBucket } from '../http/rateLimit.js';
import type { Logger } from '../logger.js';
import type { Actor } from '../policy/policy.js';
import type { AccessChange, Bus } from '../realtime/bus.js';
import { CompactionScheduler } from './compactions.js';
import { CollabConnection } from './connection.js';
import { byteLength, MalformedMessageError, SharedDocument } from './document.js';
import { EMPTY_UPDATE, syncMessage } from './frames.js';
import { DocumentKinds, type DocumentAccess, type DocumentKind } from './kinds.js';
import { KnownSessions } from './knownSessions.js';
import type { TransactionOrigin } from './origins.js';
import { singleNode, type DocumentRelay } from './relay.js';
import type { DocumentStore, StoredBatch, StoredDocument } from './store.js';

/**
 * A document being loaded: its stored state as read, then the document built from it. An
 * upgrade that arrives before the build sends the stored state to its client first (when it is
 * worth it, see COLD_SEND_BYTES), and the build waits for those writes (see waitForSends): the
 * client applies the state while this node does, instead of after it.
 */
interface Loading {
  stored: Promise<StoredDocument>;
  doc: Promise<SharedDocument>;
  /** Writes of the stored state to clients, which the build waits for. */
  sends: Promise<void>[];
  /** The connections those writes go to: their backlog shows whether the writes progress. */
  receivers: CollabConnection[];
  /** Settles once a client sends an edit while the document is being loaded: the build must not wait. */
  edited: Promise<void>;
  markEdited: () => void;
  /** The build has started: too late to send the stored state ahead of it. */
  building: boolean;
}

/** Below this, a document is built before its first client is answered, as usual. */
export const COLD_SEND_BYTES = 256 * 1024;
/** The build stops waiting for the stored state's writes when none has progressed for this long… */
const COLD_SEND_STALL_MS = 2000;
/** …or after this long in all. */
const COLD_SEND_MAX_MS = 30_000;
/** What a client may send while its document is built; more closes it. */
const COLD_QUEUE_BYTES = 1024 * 1024;

interface PendingSetup {
  userId: string;
  token: string;
  /** Access changed (or the session ended) after the last check. */
  changed: boolean;
}

export interface CollabOptions {
  store: DocumentStore;
  sessions: Authenticator;
  bus: Bus;
  logger: Logger;
  maxFrameBytes: number;
  unloadDelayMs: number;
  compactAfterUpdates: number;
  burstBytes: number;
  bytesPerSecond: number;
  maxBufferedBytes: number;
  maxPendingBytes: number;
  writeTimeoutMs: number;
  /** A compaction's turn ends after this long even if the database has not answered. */
  compactTimeoutMs: number;
  /** Compactions running at once across all documents. */
  compactConcurrency: number;
  /** How the nodes of a cluster hear each other's stored updates; one node by default. */
  relay?: DocumentRelay;
  /** See COLD_SEND_STALL_MS (the default). */
  coldSendStallMs?: number;
}

/**
 * The Yjs sync endpoint (`/collab/<documentName>`), speaking the y-websocket
 * protocol unchanged so the stock WebsocketProvider connects as it is.
 */
export class CollabServer {
  private readonly wss: WebSocketServer;
  private readonly docs = new Map<string, SharedDocument>();
  private readonly loading = new Map<string, Loading>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  /** Upgrades between their first check and attaching; access changes mark them for another check. */
  private readonly settingUp = new Set<PendingSetup>();
  /** Compactions of unloaded documents still running: a reload waits for them (one per document at a time). */
  private readonly compactions = new Map<string, Promise<void>>();
  private readonly compactionTurns: CompactionScheduler;
  private readonly kinds = new DocumentKinds();
  private readonly sessions: KnownSessions;
  private readonly logger: Logger;
  private readonly relay: DocumentRelay;
  /** Stops hearing other nodes' batches of a loaded document. */
  private readonly unfollow = new Map<SharedDocument, () => void>();
  private closing = false;

  constructor(private readonly options: CollabOptions) {
    this.logger = options.logger.child({ domain: 'collab' });
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes, WebSocket: SyncSocket });
    this.compactionTurns = new CompactionScheduler(options.compactConcurrency, options.compactTimeoutMs);
    this.sessions = new KnownSessions(options.sessions);
    this.relay = options.relay ?? singleNode;
    // messages from other nodes may have been lost: every loaded document reads the log
    this.relay.onGap(() => {
      for (const doc of this.docs.values()) doc.markBehind();
    });
    options.bus.subscribe('session:rotated', ({ from, to }) => {
      this.sessions.forgetToken(from);
      for (const conn of this.connections()) if (conn.token === from) conn.token = to;
    });
    options.bus.subscribe('session:ended', ({ token }) => {
      this.sessions.forgetToken(token);
      for (const setup of this.settingUp) if (setup.token === token) setup.changed = true;
      for (const conn of this.connections())
        if (conn.token === token) conn.ws.close(CLOSE_CODES.policyViolation, 'signed out');
    });
  }

  private *connections(): Iterable<CollabConnection> {
    for (const doc of this.docs.values()) yield* doc.conns;
  }

  /** Read before another channel resolves a session it may then offer (see `offerSession`). */
  sessionTicket(): number {
    return this.sessions.ticket();
  }

  /** A session another channel of this node has just resolved: an upgrade right after it need not read it again. */
  offerSession(token: string, session: SessionUser, ticket: number): void {
    this.sessions.offer(token, session, ticket);
  }

  /** The session tokens of open connections (and remembered ones), and those that sent something since the last call. */
  sessionTokens(): { all: string[]; active: string[] } {
    const all: string[] = [...this.sessions.tokens()];
    const active: string[] = [];
    for (const conn of this.connections()) {
      all.push(conn.token);
      if (conn.active) active.push(conn.token);
      conn.active = false;
    }
    return { all, active };
  }

  /** A domain registers a kind of document (its name prefix, access, validation, afterStore). */
  registerKind(kind: DocumentKind): void {
    this.kinds.register(kind);
  }

  /**
   * Changes a document from the server (seeding, restoring a version, writing a
   * vote back) through the same durable path as a client update: validated,
   * stored, then applied and broadcast to everyone connected. Resolves once stored.
   */
  async transact(
    documentName: string,
    change: (doc: Y.Doc) => void,
    origin: Extract<TransactionOrigin, { kind: 'server' }>,
  ): Promise<void> {
    if (this.closing) throw new Error('the sync server is closing');
    const doc = await this.getDocument(documentName);
    this.cancelUnload(documentName);
    try {
      await doc.transact(change, origin);
    } finally {
      if (doc.conns.size === 0) this.scheduleUnload(doc);
    }
  }

  /**
   * The document's current state as one update (loading it if needed), e.g. for a
   * version or an export. Read-only: nothing is stored.
   */
  async state(documentName: string): Promise<Uint8Array> {
    if (this.closing) throw new Error('the sync server is closing');
    const doc = await this.getDocument(documentName);
    try {
      // as stored: never an edit that is still being stored
      return (await doc.stable()).update;
    } finally {
      if (doc.conns.size === 0) this.scheduleUnload(doc);
    }
  }

  /** True when this upgrade request is addressed to the sync endpoint. */
  matches(req: IncomingMessage): boolean {
    return (req.url ?? '').startsWith(COLLAB_PATH + '/');
  }

  /**
   * Authenticates and authorizes the upgrade, loads the document, then completes the handshake.
   * Never rejects: every failure answers the upgrade (or drops a socket that is already gone).
   */
  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    // attached first: a client may reset the connection during any of the awaits below
    socket.on('error', destroyOnError);
    // the socket has closed (a reset, the client gone) meanwhile
    const gone = () => socket.destroyed;
    let url: URL;
    let name: string;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
      name = decodeURIComponent(url.pathname.slice(COLLAB_PATH.length + 1));
    } catch {
      return reject(socket, 400, 'Bad Request');
    }
    if (this.closing) return reject(socket, 503, 'Service Unavailable');
    if (isCrossSite(req)) return reject(socket, 403, 'Forbidden');
    if (!DOCUMENT_NAME_PATTERN.test(name)) return reject(socket, 404, 'Not Found');
    let conn: CollabConnection;
    let doc: SharedDocument | undefined;
    /** A document still being built, whose stored state this client gets first. */
    let cold: { loading: Loading; stored: StoredDocument } | undefined;
    // registered before the checks: an access change or sign-out meanwhile makes them run again
    const token = tokenFromRequest(req) ?? '';
    const setup: PendingSetup = { userId: '', token, changed: false };
    this.settingUp.add(setup);
    let session: SessionUser | null;
    let actor: Actor;
    let access: DocumentAccess;
    let kind: DocumentKind;
    try {
      kind = this.kinds.of(name);
      session = await this.sessions.resolve(token);
      if (gone()) return;
      if (!session) return reject(socket, 401, 'Unauthorized');
      setup.userId = String(session.user._id);
      actor = actorOf(session);
      access = await kind.authorize(actor, name);
      if (gone()) return;
      const ready = this.docs.get(name);
      if (ready && !ready.isFailed) doc = ready;
      else {
        const loading = this.startLoading(name);
        const stored = await loading.stored;
        if (!loading.building && byteLength(stored.updates) >= COLD_SEND_BYTES) cold = { loading, stored };
        else doc = await loading.doc;
      }
      while (setup.changed && !gone()) {
        setup.changed = false;
        session = await this.sessions.resolve(token);
        if (!session) throw unauthenticated();
        actor = actorOf(session);
        access = await kind.authorize(actor, name);
      }
      const ws = gone() ? null : await completeHandshake(this.wss, req, socket, head);
      if (!ws) {
        this.unloadIfUnused(doc ?? cold?.loading.doc);
        return;
      }
      conn = new CollabConnection(
        ws,
        actor,
        session.user.color,
        access.resourceIds,
        access.canWrite,
        url.searchParams.get(SAVED_QUERY_PARAM) === '1',
      );
      conn.token = token;
      conn.maxBufferedBytes = this.options.maxBufferedBytes;
    } catch (error) {
      const appError = toAppError(error);
      if (appError.status >= 500) this.logger.error({ err: error, doc: name }, 'sync upgrade failed');
      this.unloadIfUnused(doc ?? cold?.loading.doc);
      this.settingUp.delete(setup);
      return reject(socket, appError.status, appError.code);
    } finally {
      if (!cold) this.settingUp.delete(setup);
    }
    // no await between the handshake and this: the client sends its sync request as soon as it
    // opens, and a message arriving before the listener is attached would be dropped (it never syncs)
    if (doc) return this.attach(doc, conn);
    await this.attachWhenBuilt(cold!.loading, cold!.stored, conn, setup, kind, name);
  }

  /**
   * A client of a document still being built: sends it the stored state now (as updates, then
   * an empty sync step 2, so a stock provider is synced once it holds all of it), keeps what it
   * sends meanwhile, and attaches it once the document is built, its access checked again if
   * it changed in between.
   */
  private async attachWhenBuilt(
    loading: Loading,
    stored: StoredDocument,
    conn: CollabConnection,
    setup: PendingSetup,
    kind: DocumentKind,
    name: string,
  ): Promise<void> {
    const { ws } = conn;
    const queued: [RawData, boolean][] = [];
    let queuedBytes = 0;
    const keep = (data: RawData, isBinary: boolean) => {
      queued.push([data, isBinary]);
      queuedBytes += rawLength(data);
      // an edit is stored and forwarded only once the document is built: build it now
      if (isEdit(data)) loading.markEdited();
      if (queuedBytes > COLD_QUEUE_BYTES && !conn.rejected) {
        conn.rejected = true;
        ws.close(CLOSE_CODES.policyViolation, 'sending too much');
      }
    };
    ws.on('message', keep);
    conn.sentLoadedState = true;
    const state = stored.updates.map((update) => syncMessage(syncProtocol.messageYjsUpdate, update));
    loading.receivers.push(conn);
    loading.sends.push(conn.sendState([...state, syncMessage(syncProtocol.messageYjsSyncStep2, EMPTY_UPDATE)]));
    let doc: SharedDocument;
    try {
      doc = await loading.doc;
      if (setup.changed) {
        const session = await this.sessions.resolve(setup.token);
        if (!session) throw unauthenticated();
        await kind.authorize(actorOf(session), name);
      }
    } catch (error) {
      const appError = toAppError(error);
      if (appError.status >= 500) this.logger.error({ err: error, doc: name }, 'sync upgrade failed');
      const code = appError.status >= 500 ? CLOSE_CODES.internalError : CLOSE_CODES.policyViolation;
      ws.close(code, appError.status >= 500 ? 'document unavailable' : 'access changed');
      this.unloadIfUnused(loading.doc);
      return;
    } finally {
      this.settingUp.delete(setup);
      ws.off('message', keep);
    }
    if (ws.readyState !== ws.OPEN || conn.rejected) return this.unloadIfUnused(doc);
    this.attach(doc, conn);
    for (const [data, isBinary] of queued) ws.emit('message', data, isBinary);
  }

  /** A document nobody uses after all (its upgrade failed or went away) is unloaded later. */
  private unloadIfUnused(doc: SharedDocument | Promise<SharedDocument> | undefined): void {
    void Promise.resolve(doc).then(
      (d) => {
        if (d && d.conns.size === 0) this.scheduleUnload(d);
      },
      () => undefined,
    );
  }

  private attach(doc: SharedDocument, conn: CollabConnection): void {
    const ws = conn.ws as SyncSocket;
    this.cancelUnload(doc.name);
    doc.addConnection(conn);
    this.logger.debug({ doc: doc.name, userId: conn.actor.id }, 'connected');
    ws.attached = {
      server: this,
      doc,
      conn,
      budget: new TokenBucket(this.options.burstBytes, this.options.bytesPerSecond),
    };
    ws.on('message', onAttachedMessage);
    ws.on('error', onAttachedError);
    ws.on('close', onAttachedClose);
  }

  /** A message on an attached connection (see SyncSocket). */
  receive({ doc, conn, budget }: Attached, data: RawData, isBinary: boolean): void {
    if (conn.rejected || this.closing) return;
    conn.active = true;
    const bytes = rawLength(data);
    if (!budget.take(bytes)) {
      // one connection must not fill the disk or stall the document; the client resyncs on reconnect
      this.logger.warn({ doc: doc.name, userId: conn.actor.id }, 'connection sends too much; closing it');
      conn.rejected = true;
      conn.ws.close(CLOSE_CODES.policyViolation, 'sending too much');
      return;
    }
    try {
      if (!isBinary) throw new MalformedMessageError('text frame');
      doc.handleMessage(conn, toUint8Array(data));
    } catch (error) {
      if (!(error instanceof MalformedMessageError)) throw error;
      this.logger.warn(
        { doc: doc.name, userId: conn.actor.id, reason: error.message },
        'malformed frame; closing connection',
      );
      conn.reject('malformed message');
    }
  }

  /** An error on an attached connection: ws closes it (with 1009 itself when a frame exceeds maxPayload). */
  socketError({ doc, conn }: Attached, error: Error): void {
    this.logger.warn({ doc: doc.name, userId: conn.actor.id, reason: error.message }, 'connection error');
  }

  /** An attached connection closed. */
  detach({ doc, conn }: Attached): void {
    doc.removeConnection(conn);
    if (doc.conns.size === 0) this.scheduleUnload(doc);
  }

  private async getDocument(name: string): Promise<SharedDocument> {
    const loaded = this.docs.get(name);
    if (loaded && !loaded.isFailed) return loaded;
    return this.startLoading(name).doc;
  }

  private startLoading(name: string): Loading {
    let loading = this.loading.get(name);
    if (!loading) {
      let storedRead!: (stored: StoredDocument) => void;
      let storedFailed!: (error: unknown) => void;
      const stored = new Promise<StoredDocument>((resolve, reject) => {
        storedRead = resolve;
        storedFailed = reject;
      });
      stored.catch(() => undefined); // the document's promise reports it
      let markEdited!: () => void;
      const edited = new Promise<void>((resolve) => (markEdited = resolve));
      const entry: Loading = {
        stored,
        doc: Promise.resolve(null as never),
        sends: [],
        receivers: [],
        edited,
        markEdited,
        building: false,
      };
      entry.doc = this.load(name, entry, storedRead, storedFailed).finally(() => this.loading.delete(name));
      // an upgrade that saw the read fail has reported it; whoever awaits the document still sees it
      entry.doc.catch(() => undefined);
      this.loading.set(name, (loading = entry));
    }
    return loading;
  }

  private async load(
    name: string,
    loading: Loading,
    storedRead: (stored: StoredDocument) => void,
    storedFailed: (error: unknown) => void,
  ): Promise<SharedDocument> {
    const kind = this.kinds.of(name);
    const started = Date.now();
    // hear other nodes before reading, so nothing stored in between goes unheard
    const heard: StoredBatch[] = [];
    let loaded: SharedDocument | null = null;
    let stored: StoredDocument;
    let unfollow: () => void;
    try {
      // a compaction of an earlier instance of this document must finish before we read the log
      await this.compactions.get(name);
      unfollow = await this.relay.follow(name, {
        batch: (batch) => (loaded ? loaded.receive(batch) : void heard.push(batch)),
        awareness: (update) => loaded?.receivePresence(update),
      });
      try {
        stored = await this.options.store.load(name);
      } catch (error) {
        unfollow();
        throw error;
      }
    } catch (error) {
      storedFailed(error);
      throw error;
    }
    storedRead(stored);
    // upgrades waiting for the stored state send it now (in the microtasks before this macrotask)
    await new Promise((resolve) => setImmediate(resolve));
    if (loading.sends.length > 0) await waitForSends(loading, this.options.coldSendStallMs ?? COLD_SEND_STALL_MS);
    loading.building = true;
    const { maxPendingBytes, writeTimeoutMs } = this.options;
    const doc = new SharedDocument(
      name,
      kind,
      this.options.store,
      this.logger,
      this.options.compactAfterUpdates,
      stored,
      { maxPendingBytes, writeTimeoutMs },
      this.compactionTurns,
    );
    doc.onFailed = () => this.unload(doc);
    doc.onStored = (batch) => this.relay.publish(name, batch);
    doc.onPresence = (update) => this.relay.publishAwareness(name, update);
    loaded = doc;
    for (const batch of heard) doc.receive(batch);
    this.unfollow.set(doc, unfollow);
    this.docs.set(name, doc);
    this.logger.info(
      { doc: name, updates: stored.updates.length, sentAhead: loading.sends.length, ms: Date.now() - started },
      'document loaded',
    );
    return doc;
  }

  private scheduleUnload(doc: SharedDocument): void {
    // close() unloads everything itself; a timer would compact after the database is gone
    if (this.closing) return;
    this.cancelUnload(doc.name);
    const timer = setTimeout(() => {
      this.unloadTimers.delete(doc.name);
      if (doc.conns.size === 0 && !doc.busy) void this.unloadWhenSettled(doc);
      else if (doc.conns.size === 0) this.scheduleUnload(doc);
    }, this.options.unloadDelayMs);
    timer.unref();
    this.unloadTimers.set(doc.name, timer);
  }

  private cancelUnload(name: string): void {
    clearTimeout(this.unloadTimers.get(name));
    this.unloadTimers.delete(name);
  }

  private async unloadWhenSettled(doc: SharedDocument): Promise<void> {
    await doc.settle();
    await doc.compactInBackground();
    if (doc.conns.size === 0 && !doc.busy) this.unload(doc);
  }

  private unload(doc: SharedDocument): void {
    if (this.docs.get(doc.name) !== doc) return;
    this.docs.delete(doc.name);
    this.unfollow.get(doc)?.();
    this.unfollow.delete(doc);
    this.cancelUnload(doc.name);
    const compacting = doc.settle();
    this.compactions.set(doc.name, compacting);
    void compacting.finally(() => {
      if (this.compactions.get(doc.name) === compacting) this.compactions.delete(doc.name);
      doc.destroy();
    });
    this.logger.debug({ doc: doc.name }, 'document unloaded');
  }

  /**
   * Someone's access changed: close their connections to the documents concerned
   * (all of them when signed out), so they reconnect with exactly their new rights.
   */
  onAccessChanged(change: AccessChange): void {
    this.sessions.forgetUser(change.userId);
    for (const setup of this.settingUp) if (setup.userId === change.userId) setup.changed = true;
    const concerned = change.signedOut || !change.resourceIds ? null : new Set(change.resourceIds);
    for (const doc of this.docs.values()) {
      for (const conn of doc.conns) {
        if (conn.actor.id !== change.userId) continue;
        if (change.keepToken && conn.token === change.keepToken) continue;
        if (concerned && !conn.resourceIds.some((id) => concerned.has(id))) continue;
        conn.ws.close(CLOSE_CODES.policyViolation, change.signedOut ? 'signed out' : 'access changed');
      }
    }
  }

  /** Number of documents held in memory (health and tests). */
  get loadedCount(): number {
    return this.docs.size;
  }

  /** Closes every connection after storing what is queued, then frees the documents. */
  async close(): Promise<void> {
    this.closing = true;
    const docs = [...this.docs.values()];
    // updates arriving from now on are not taken (clients keep them and resend after the restart)
    for (const doc of docs)
      for (const conn of doc.conns) conn.ws.close(CLOSE_CODES.serviceRestart, 'server restarting');
    await Promise.all(docs.map((doc) => doc.settle()));
    // leave a snapshot behind, so the next start loads each document quickly
    await Promise.all(docs.map((doc) => doc.compactInBackground()));
    for (const doc of docs) this.unload(doc);
    await Promise.all(this.compactions.values());
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }
}

function reject(socket: Duplex, status: number, reason: string): void {
  if (!socket.writable) return void socket.destroy();
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function rawLength(data: RawData): number {
  return Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
}

/** What an attached sync socket belongs to (see CollabServer's `attach`). */
interface Attached {
  readonly server: CollabServer;
  readonly doc: SharedDocument;
  readonly conn: CollabConnection;
  /** Bytes it may still send (see CollabOptions' burstBytes and bytesPerSecond). */
  readonly budget: TokenBucket;
}

/**
 * The sync endpoint's WebSocket: once attached to its document, it carries what its listeners
 * need, so that they are the same three functions for every connection instead of closures
 * (and their context) made for each.
 */
class SyncSocket extends WebSocket {
  attached: Attached | null = null;
}

// ws calls its listeners with the socket as `this`
function onAttachedMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
  const attached = (this as SyncSocket).attached!;
  attached.server.receive(attached, data, isBinary);
}

function onAttachedError(this: WebSocket, error: Error): void {
  const attached = (this as SyncSocket).attached!;
  attached.server.socketError(attached, error);
}

function onAttachedClose(this: WebSocket): void {
  const attached = (this as SyncSocket).attached!;
  attached.server.detach(attached);
}

/**
 * An upgrade's socket is destroyed on an error until `ws` has it (the HTTP server stopped
 * listening at the upgrade, and an error without a listener would end the process). One
 * function for every socket, called with the socket as `this`: nothing of the upgrade is kept.
 */
function destroyOnError(this: Duplex): void {
  this.destroy();
}

/**
 * Completes the WebSocket handshake; null if the socket closes first (ws then never calls back).
 * A module function, so that the listeners it leaves for the handshake hold nothing else.
 */
function completeHandshake(
  wss: WebSocketServer,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<SyncSocket | null> {
  return new Promise((resolve) => {
    const closed = () => resolve(null);
    socket.once('close', closed);
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off('close', closed);
      // `ws` watches the socket's errors from now on
      socket.off('error', destroyOnError);
      // the server makes its sockets with the WebSocket class it was given
      resolve(ws as SyncSocket);
    });
  });
}

/**
 * Waits for the stored state's writes to the clients it was sent to. The build blocks this
 * node's event loop for as long as it applies the state (seconds, for tens of MiB), and what
 * the sockets have not taken by then reaches the clients only after it; so the wait goes on
 * while the writes progress. It ends early when a client sends an edit (edits wait for the
 * build), when no write has progressed for `stallMs` (a client that stopped reading), and after
 * COLD_SEND_MAX_MS in any case.
 */
async function waitForSends(loading: Loading, stallMs: number): Promise<void> {
  const started = Date.now();
  let lastProgress = started;
  const least = new Map<CollabConnection, number>();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(loading.sends),
    loading.edited,
    new Promise<void>((resolve) => {
      timer = setInterval(() => {
        const now = Date.now();
        for (const conn of loading.receivers) {
          const backlog = conn.ws.bufferedAmount;
          if (backlog < (least.get(conn) ?? Infinity)) {
            least.set(conn, backlog);
            lastProgress = now;
          }
        }
        if (now - lastProgress >= stallMs || now - started >= COLD_SEND_MAX_MS) resolve();
      }, 100);
    }),
  ]);
  clearInterval(timer);
}

/** A sync step 2 or an update: the client changes the document. */
function isEdit(data: RawData): boolean {
  // both numbers are below 128: one byte each as varuints
  const bytes = toUint8Array(data);
  return (
    bytes[0] === MESSAGE_SYNC &&
    (bytes[1] === syncProtocol.messageYjsSyncStep2 || bytes[1] === syncProtocol.messageYjsUpdate)
  );
}
