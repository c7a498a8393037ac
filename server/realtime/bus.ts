import type { LiveState } from '../../shared/roundtables/schemas.js';

/**
 * Someone's access changed, so live channels act at once: Socket.IO drops the
 * person from what they may no longer see, and the Yjs server closes their
 * connections so they come back with their new rights.
 */
export interface AccessChange {
  userId: string;
  /**
   * Ids of the resources whose access changed (rooms, groups, plans …); a live
   * connection is affected when any of its resource ids is listed. Undefined = all.
   */
  resourceIds?: string[];
  /** The person's sessions are gone: disconnect everything. */
  signedOut?: boolean;
  /** …except this browser's (the session cookie token that stays signed in, e.g. after a password change). */
  keepToken?: string;
}

/** A session moved to a new id (roles changed): the browser's live connections follow it. */
export interface SessionRotation {
  from: string;
  to: string;
}

/** A session ended (signed out, expired, idle): the browser's live connections close with it. */
export interface SessionEnd {
  token: string;
}

/** A change to who is present somewhere (a room, a plan), to be shown to everyone there. */
export interface PresenceChange {
  /** The channel whose presence list changed, e.g. a room id. */
  scopeId: string;
}

/** A live roundtable session's new state, to be sent once to everyone in it. */
/** What the server keeps about a document outside it changed (e.g. a plan's status): every node's validator learns it. */
export interface DocumentMetaChange {
  documentName: string;
  meta: Record<string, string>;
}

export interface LiveStateChange {
  roundtableId: string;
  session: number;
  /** The whole state (shared/roundtables/schemas.ts LiveState); plumbing does not look inside. */
  state: LiveState;
}

/** Everything that lives in one process's memory today and must reach every node later. */
export interface BusTopics {
  'access:changed': AccessChange;
  'session:rotated': SessionRotation;
  'session:ended': SessionEnd;
  'presence:changed': PresenceChange;
  'roundtable:state': LiveStateChange;
  'document:meta': DocumentMetaChange;
}

export type BusTopic = keyof BusTopics;
type Listener<T extends BusTopic> = (message: BusTopics[T]) => void;

/**
 * The cluster seam: publishers never know who listens or where. The in-process
 * implementation delivers synchronously; a Redis one (scale-out) delivers to every node.
 */
export interface Bus {
  publish<T extends BusTopic>(topic: T, message: BusTopics[T]): void;
  /** Returns a function that removes the listener. */
  subscribe<T extends BusTopic>(topic: T, listener: Listener<T>): () => void;
  close(): Promise<void>;
}

/** One process: listeners are called in order of subscription, before publish returns. */
export class InProcessBus implements Bus {
  private readonly listeners = new Map<BusTopic, Set<Listener<BusTopic>>>();

  publish<T extends BusTopic>(topic: T, message: BusTopics[T]): void {
    for (const listener of this.listeners.get(topic) ?? []) (listener as Listener<T>)(message);
  }

  subscribe<T extends BusTopic>(topic: T, listener: Listener<T>): () => void {
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(listener as Listener<BusTopic>);
    return () => set.delete(listener as Listener<BusTopic>);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
