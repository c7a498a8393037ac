import type { WebSocket } from 'ws';
import { CLOSE_CODES } from '../../shared/collab.js';
import type { Actor } from '../policy/policy.js';
import type { TransactionOrigin } from './origins.js';

let nextConnectionId = 1;

/** One WebSocket on the sync endpoint, with who it belongs to and what it may do. */
export class CollabConnection {
  /** Awareness client ids this connection has announced, removed when it leaves. */
  readonly awarenessIds = new Set<number>();
  /** Every awareness client id this connection spoke for, and what is added to its clocks (see stampAwarenessUpdate). */
  readonly awarenessClocks = new Map<number, number>();
  /** Update-bearing messages received, and how many of them are durably stored. */
  received = 0;
  stored = 0;
  readonly id = nextConnectionId++;
  /** The origin of every transaction this connection causes (awareness, updates). */
  readonly origin: TransactionOrigin;

  constructor(
    readonly ws: WebSocket,
    readonly actor: Actor,
    /** The person's caret colour, stamped into their awareness state. */
    readonly color: string,
    /** Ids whose access changes concern this connection (see DocumentAccess). */
    readonly resourceIds: readonly string[],
    /** False for readers (observers, guests): their updates are dropped and reported. */
    readonly canWrite: boolean,
    /** Opted in with `?saved=1` to receive stored-up-to-here messages. */
    readonly wantsSaved: boolean,
  ) {
    this.origin = { kind: 'client', connectionId: this.id, actor };
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

  /** Past this much waiting to be sent, the reader is too slow: it is dropped instead of buffered without end. */
  maxBufferedBytes = Infinity;

  send(message: Uint8Array): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.maxBufferedBytes) {
      // a close frame would wait behind everything buffered; the client resyncs when it reconnects
      this.rejected = true;
      this.ws.terminate();
      return;
    }
    this.ws.send(message, this.afterSend);
  }

  /** One callback for every send (a broadcast reaches hundreds of connections per update). */
  private readonly afterSend = (error?: Error | null): void => {
    if (error) this.ws.terminate();
  };
}
