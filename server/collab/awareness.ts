import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { MESSAGE_AWARENESS } from '../../shared/collab.js';
import { stampAwarenessUpdate } from './awarenessStamp.js';
import type { CollabConnection } from './connection.js';
import { MalformedMessageError } from './frames.js';
import { isClientOrigin, PEER_ORIGIN } from './origins.js';

/** An awareness update as a y-websocket awareness message. */
function framed(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/**
 * Who is where in one document (carets, names), relayed between its connections.
 * Each client id belongs to the connection that announced it; nobody else can
 * speak for it, and every removal path frees it.
 */
export class DocumentAwareness {
  readonly awareness: awarenessProtocol.Awareness;
  /** Which connection announced each awareness client id; others may not speak for it. */
  private readonly owners = new Map<number, CollabConnection>();
  /** Client ids announced on other nodes (cluster mode), held there. */
  private readonly peerIds = new Set<number>();

  constructor(
    private readonly connection: (id: number) => CollabConnection | undefined,
    private readonly broadcast: (message: Uint8Array) => void,
    /** Changes made here (not heard from other nodes), encoded, for the other nodes. */
    private readonly relay: (update: Uint8Array) => void = () => undefined,
  ) {
    // awareness needs a document only for the server's own client id: not the content, which may be replaced
    this.awareness = new awarenessProtocol.Awareness(new Y.Doc());
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onUpdate);
  }

  private onUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    const conn = isClientOrigin(origin) ? this.connection(origin.connectionId) : undefined;
    if (conn) {
      // a provider that reconnects comes back as "updated", not "added": either way it is theirs now
      for (const id of added.concat(updated)) {
        conn.announce(id);
        this.owners.set(id, conn);
      }
    }
    // every removal path (the owner, its connection closing, the awareness timeout) frees the id
    if (origin === PEER_ORIGIN) for (const id of added.concat(updated)) this.peerIds.add(id);
    for (const id of removed) {
      this.owners.get(id)?.withdraw(id);
      this.owners.delete(id);
      this.peerIds.delete(id);
    }
    const changed = added.concat(updated, removed);
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    this.broadcast(framed(update));
    if (origin !== PEER_ORIGIN) this.relay(update);
  };

  /**
   * Applies awareness another node relayed. Its client ids belong to that node's
   * connections; y-protocols drops them 30 s after their last renewal (a dead node's too).
   */
  applyPeer(update: Uint8Array): void {
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, PEER_ORIGIN);
    } catch {
      // a malformed relay message changes nothing here
    }
  }

  /** Applies a connection's awareness update, stamped with its real person; throws MalformedMessageError. */
  apply(conn: CollabConnection, update: Uint8Array): void {
    try {
      const stamped = stampAwarenessUpdate(
        update,
        conn,
        (id) => this.owners.get(id) ?? this.peerOwner(id, conn),
        (id) => this.awareness.meta.get(id)?.clock,
      );
      awarenessProtocol.applyAwarenessUpdate(this.awareness, stamped, conn.origin);
    } catch {
      throw new MalformedMessageError('malformed awareness update');
    }
  }

  /**
   * An id held on another node belongs to whoever announced it there: only the same
   * person may speak for it here (their provider reconnected to this node).
   */
  private peerOwner(id: number, conn: CollabConnection): 'peer' | undefined {
    if (!this.peerIds.has(id)) return undefined;
    const user = (this.awareness.getStates().get(id) as { user?: { id?: string } } | undefined)?.user;
    if (user?.id === conn.actor.id) {
      this.peerIds.delete(id);
      return undefined;
    }
    return 'peer';
  }

  /** Removes what a closing connection announced. */
  remove(conn: CollabConnection): void {
    const ids = conn.takeAnnounced();
    awarenessProtocol.removeAwarenessStates(this.awareness, ids, null);
    for (const id of ids) if (this.owners.get(id) === conn) this.owners.delete(id);
  }

  /** Everyone's state, for a new connection or a query; null when nobody is here. */
  everyone(): Uint8Array | null {
    const states = this.awareness.getStates();
    return states.size > 0 ? this.encode([...states.keys()]) : null;
  }

  private encode(clients: number[]): Uint8Array {
    return framed(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
  }

  destroy(): void {
    this.awareness.off('update', this.onUpdate);
    this.awareness.destroy();
    this.awareness.doc.destroy();
  }
}
