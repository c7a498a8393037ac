import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../shared/errors.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.js';
import { openAckingClient, type AckingClient } from '../helpers/ackingClient.js';

/** The shared text the soak edits in each room document. */
export const SOAK_TEXT = 'soak';
export const TOKEN_PATTERN = /<r\d+c\d+\.\d+>/g;
/** A soak editor moves its cursor elsewhere once in this many tokens, on average. */
const CURSOR_JUMP_EVERY = 20;

/** Counters every client of the run adds to. */
export interface SoakCounters {
  edits: number;
  acknowledged: number;
  /** Edit round trip: from the local change to the server's saved marker covering it (ms). */
  editLatencies: number[];
  syncDisconnects: number;
  syncErrors: number;
  closeCodes: Record<string, number>;
  posts: number;
  postsAcknowledged: number;
  postErrors: number;
  postLatencies: number[];
  postsReceived: number;
  socketDisconnects: number;
  socketErrors: number;
}

export function emptyCounters(): SoakCounters {
  return {
    edits: 0,
    acknowledged: 0,
    editLatencies: [],
    syncDisconnects: 0,
    syncErrors: 0,
    closeCodes: {},
    posts: 0,
    postsAcknowledged: 0,
    postErrors: 0,
    postLatencies: [],
    postsReceived: 0,
    socketDisconnects: 0,
    socketErrors: 0,
  };
}

interface Token {
  text: string;
  at: number;
  acked: boolean;
}

/**
 * A stock y-websocket provider (through `openAckingClient`, `?saved=1`) that inserts
 * unique tokens (`<r3c17.5>`) at token boundaries, so tokens never split each other,
 * and learns which ones the server said it stored.
 *
 * It types the way a person does: each token goes at its cursor, right after its own
 * previous token, and once in `CURSOR_JUMP_EVERY` tokens (on average) the cursor moves to
 * another boundary of the text. (Until 1 December 2026 every token went to a random
 * boundary, which no person does; Yjs then keeps one item per token instead of merging a
 * run of typing into one, about 370 bytes of the server's heap per token.)
 */
export class SyncEditor {
  readonly tokens: Token[] = [];
  readonly client: AckingClient;
  private inserting: number | null = null;
  private closing = false;

  constructor(
    readonly room: number,
    readonly id: number,
    url: string,
    documentName: string,
    cookie: string,
    private readonly counters: SoakCounters,
  ) {
    this.client = openAckingClient<number[]>({
      url,
      documentName,
      cookie,
      // the stock provider's default back-off: 1,000 clients must not hammer a struggling server
      maxBackoffTime: 2500,
      claim: (kind) =>
        kind === 'state' ? this.tokens.map((_, i) => i) : this.inserting === null ? [] : [this.inserting],
      onAcked: (indexes) => {
        const now = performance.now();
        for (const i of indexes) {
          const token = this.tokens[i]!;
          if (token.acked) continue;
          token.acked = true;
          counters.acknowledged++;
          counters.editLatencies.push(now - token.at);
        }
      },
    });
    const { provider } = this.client;
    provider.on('connection-close', (event: CloseEvent | null) => {
      if (this.closing) return;
      counters.syncDisconnects++;
      const code = String(event?.code ?? 'none');
      counters.closeCodes[code] = (counters.closeCodes[code] ?? 0) + 1;
    });
    provider.on('connection-error', () => {
      if (!this.closing) counters.syncErrors++;
    });
  }

  get synced(): boolean {
    return this.client.provider.synced;
  }

  insert(random: () => number): void {
    const text = this.client.doc.getText(SOAK_TEXT);
    const current = text.toString();
    const previous = this.tokens.at(-1)?.text;
    const cursor = previous === undefined ? -1 : current.indexOf(previous);
    let at: number;
    if (cursor !== -1 && random() >= 1 / CURSOR_JUMP_EVERY) at = cursor + previous!.length;
    else {
      const boundaries = [0];
      for (let i = current.indexOf('>'); i !== -1; i = current.indexOf('>', i + 1)) boundaries.push(i + 1);
      at = boundaries[Math.floor(random() * boundaries.length)]!;
    }
    const token = `<r${this.room}c${this.id}.${this.tokens.length}>`;
    this.inserting = this.tokens.length;
    this.tokens.push({ text: token, at: performance.now(), acked: false });
    this.counters.edits++;
    try {
      text.insert(at, token);
    } finally {
      this.inserting = null;
    }
  }

  unacknowledged(): number {
    return this.tokens.filter((t) => !t.acked).length;
  }

  acknowledgedTokens(): string[] {
    return this.tokens.filter((t) => t.acked).map((t) => t.text);
  }

  /** Tokens of other clients this client has received. */
  seenTokens(): string[] {
    const own = `<r${this.room}c${this.id}.`;
    return (this.client.doc.getText(SOAK_TEXT).toString().match(TOKEN_PATTERN) ?? []).filter((t) => !t.startsWith(own));
  }

  close(): void {
    this.closing = true;
    this.client.destroy();
  }
}

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A real socket.io-client in a room's discussion: joins the room (again after each
 * reconnection) and posts a message when asked, timing the acknowledgement.
 */
export class DiscussionClient {
  readonly socket: ClientSocket;
  readonly posted: string[] = [];
  readonly ready: Promise<void>;
  private closing = false;

  constructor(
    url: string,
    cookie: string,
    readonly roomId: string,
    private readonly counters: SoakCounters,
  ) {
    this.socket = io(url, { transports: ['websocket'], extraHeaders: { cookie }, forceNew: true });
    this.ready = new Promise((resolve) => {
      this.socket.on('connect', () => {
        this.socket
          .timeout(30_000)
          .emitWithAck('room:join', { roomId })
          .then((ack: Ack<unknown>) => {
            if (ack.ok) resolve();
            else counters.socketErrors++;
          })
          .catch(() => !this.closing && counters.socketErrors++);
      });
    });
    this.socket.on('disconnect', () => {
      if (!this.closing) counters.socketDisconnects++;
    });
    this.socket.on('connect_error', () => {
      if (!this.closing) counters.socketErrors++;
    });
    this.socket.on('thread:posted', () => counters.postsReceived++);
  }

  async post(): Promise<void> {
    const clientId = randomUUID();
    const started = performance.now();
    this.counters.posts++;
    try {
      const ack = (await this.socket
        .timeout(30_000)
        .emitWithAck('thread:post', { roomId: this.roomId, body: `soak ${clientId}`, clientId })) as Ack<unknown>;
      if (!ack.ok) throw new Error(ack.error.message);
      this.counters.postsAcknowledged++;
      this.counters.postLatencies.push(performance.now() - started);
      this.posted.push(clientId);
    } catch {
      if (!this.closing) this.counters.postErrors++;
    }
  }

  close(): void {
    this.closing = true;
    this.socket.close();
  }
}
