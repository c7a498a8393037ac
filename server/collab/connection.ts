import * as wsModule from 'ws';
import type { WebSocket } from 'ws';
import { CLOSE_CODES } from '../../shared/collab.js';
import type { Actor } from '../policy/policy.js';
import type { TransactionOrigin } from './origins.js';

let nextConnectionId = 1;
/** Awareness client ids are unsigned 32-bit numbers: none is negative. */
const NO_ID = -1;

/** One WebSocket on the sync endpoint, with who it belongs to and what it may do. */
export class CollabConnection {
  /**
   * The awareness client ids this connection has spoken for, what is added to each one's clocks
   * (see stampAwarenessUpdate), and whether it is announced now (removed when the connection
   * leaves). A provider has one id, kept in these three fields: a Set and a Map for it cost more
   * than the rest of the connection's own state. Ids after the first (a reload in the same tab, a
   * second document on the page) go in `moreIds`, made on first use.
   */
  private firstId = NO_ID;
  private firstOffset = 0;
  private firstAnnounced = false;
  private moreIds: Map<number, { offset: number; announced: boolean }> | null = null;
  /** Update-bearing messages received, and how many of them are durably stored. */
  received = 0;
  stored = 0;
  readonly id = nextConnectionId++;
  /**
   * The connection is itself the origin of every transaction it causes (awareness, updates):
   * a `client` origin, rather than an object of its own per connection.
   */
  readonly kind = 'client';

  constructor(
    readonly ws: WebSocket,
    readonly actor: Actor,
    /** The person's caret colour, stamped into their awareness state. */
    readonly color: string,
    /** Ids whose access changes concern this connection (see DocumentAccess); shared with others' when equal. */
    public resourceIds: readonly string[],
    /** False for readers (observers, guests): their updates are dropped and reported. */
    readonly canWrite: boolean,
    /** Opted in with `?saved=1` to receive stored-up-to-here messages. */
    readonly wantsSaved: boolean,
  ) {}

  get origin(): TransactionOrigin {
    return this;
  }

  get connectionId(): number {
    return this.id;
  }

  /** It now announces awareness client `id` (one it has a clock offset for). */
  announce(id: number): void {
    if (id === this.firstId) this.firstAnnounced = true;
    else {
      const more = this.moreIds?.get(id);
      if (more) more.announced = true;
      else {
        this.setClockOffset(id, 0);
        this.announce(id);
      }
    }
  }

  /** Client `id`'s state was removed. */
  withdraw(id: number): void {
    if (id === this.firstId) this.firstAnnounced = false;
    else {
      const more = this.moreIds?.get(id);
      if (more) more.announced = false;
    }
  }

  /** The client ids it announces, forgotten as it leaves (their clock offsets stay). */
  takeAnnounced(): number[] {
    const ids = this.firstAnnounced ? [this.firstId] : [];
    this.firstAnnounced = false;
    for (const [id, more] of this.moreIds ?? []) {
      if (more.announced) ids.push(id);
      more.announced = false;
    }
    return ids;
  }

  /** What is added to client `id`'s awareness clocks; undefined for an id it has not spoken for. */
  clockOffset(id: number): number | undefined {
    if (id === this.firstId) return this.firstOffset;
    return this.moreIds?.get(id)?.offset;
  }

  setClockOffset(id: number, offset: number): void {
    if (this.firstId === NO_ID || id === this.firstId) {
      this.firstId = id;
      this.firstOffset = offset;
      return;
    }
    const more = this.moreIds?.get(id);
    if (more) more.offset = offset;
    else (this.moreIds ??= new Map()).set(id, { offset, announced: false });
  }

  /** How many awareness client ids it has spoken for. */
  get spokenFor(): number {
    return (this.firstId === NO_ID ? 0 : 1) + (this.moreIds?.size ?? 0);
  }

  /** The session cookie token it connected with (follows rotation); its end closes the connection. */
  token = '';
  /** Sent something since the last session check: the person is not idle. */
  active = false;

  /** Set once the connection sent something malformed; nothing more from it is processed. */
  rejected = false;

  /** Closes the connection for a malformed message (1007); nothing from it is stored. */
  reject(reason: string): void {
    if (this.rejected) return;
    this.rejected = true;
    this.ws.close(CLOSE_CODES.invalidPayload, reason);
  }

  /**
   * Closes the connection because its document's kind refused an update (1008 with
   * the reason, which our client shows); nothing of that update is stored.
   */
  refuse(reason: string): void {
    if (this.rejected) return;
    this.rejected = true;
    // a close reason is at most 123 bytes
    this.ws.close(CLOSE_CODES.policyViolation, Buffer.from(`refused: ${reason}`).subarray(0, 123).toString());
  }

  /** It was sent the document's stored state while the document was being built (see CollabServer's cold load). */
  sentLoadedState = false;

  /** Past this much waiting to be sent, the reader is too slow: it is dropped instead of buffered without end. */
  maxBufferedBytes = Infinity;

  send(message: Uint8Array): void {
    if (!this.writable()) return;
    // no callback: a write that fails makes the socket emit 'error', and ws then destroys it
    this.ws.send(message);
  }

  /**
   * Sends the document's state this client asked for or is given at load (one message, or
   * several that make it up): however large, it does not count as a backlog (see `writable`)
   * while it is being written. One state at a time: another asked for meanwhile counts like any
   * other message, so repeated requests cannot pile up unbounded. Resolves once it is written
   * to the socket, or could not be.
   */
  sendState(state: Uint8Array | readonly Uint8Array[]): Promise<void> {
    const messages = state instanceof Uint8Array ? [state] : state;
    if (this.stateBytesInFlight > 0) {
      for (const message of messages) this.send(message);
      return Promise.resolve();
    }
    if (!this.writable()) return Promise.resolve();
    const bytes = messages.reduce((n, m) => n + m.byteLength, 0);
    this.stateBytesInFlight = bytes;
    return new Promise((resolve) => {
      messages.forEach((message, i) => {
        const last = i === messages.length - 1;
        this.ws.send(message, () => {
          if (!last) return;
          this.stateBytesInFlight = 0;
          resolve();
        });
      });
    });
  }

  /** Bytes of the document's state handed to the socket and not yet all written (see `sendState`). */
  private stateBytesInFlight = 0;

  /**
   * Sends a message framed once for all its receivers (see `frameOnce`): written to the socket
   * as it is, through the connection's own sender, so it keeps its place among other sends.
   */
  sendFramed(message: FramedMessage): void {
    if (!this.writable()) return;
    const sender = (this.ws as unknown as { _sender?: FrameSender })._sender;
    // the sender queues only while it compresses or reads a Blob, which this server never asks of it
    if (sender?._state === 0 && typeof sender.sendFrame === 'function') sender.sendFrame([message.frame]);
    else this.ws.send(message.data);
  }

  private writable(): boolean {
    if (this.ws.readyState !== this.ws.OPEN) return false;
    if (this.ws.bufferedAmount - this.stateBytesInFlight > this.maxBufferedBytes) {
      // a close frame would wait behind everything buffered; the client resyncs when it reconnects
      this.rejected = true;
      this.ws.terminate();
      return false;
    }
    return true;
  }
}

/** What `ws` calls a connection's sender: it writes frames to the socket in order. */
interface FrameSender {
  _state: number;
  sendFrame(list: Buffer[]): void;
}

/** `ws`'s framing (exported at run time, not in its types). */
const Sender = (
  wsModule as unknown as {
    Sender: { frame(data: Buffer, options: Record<string, unknown>): Buffer[] };
  }
).Sender;
const BINARY = 2;

/** A binary message and its WebSocket frame (a server's frames are not masked), made once. */
export interface FramedMessage {
  data: Buffer;
  frame: Buffer;
}

/**
 * Frames `data` once for every receiver of a broadcast: `ws` would frame it again for each,
 * and write each as two buffers (header and payload). This is one buffer, written once.
 */
export function frameOnce(data: Buffer): FramedMessage {
  const [header, payload] = Sender.frame(data, { fin: true, rsv1: false, opcode: BINARY, mask: false, readOnly: true });
  return { data, frame: payload ? Buffer.concat([header!, payload]) : header! };
}
