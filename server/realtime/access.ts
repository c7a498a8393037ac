/**
 * Tells live channels that someone's access changed, so they act at once:
 * Socket.IO drops the person from rooms they may no longer see, and the Yjs
 * server closes their connections so they come back with their new rights.
 */
export interface AccessChange {
  userId: string;
  /** Rooms whose access changed; undefined = every room (e.g. signed out everywhere). */
  roomIds?: string[];
  /** The person's sessions are gone: disconnect everything. */
  signedOut?: boolean;
}

type Listener = (change: AccessChange) => void;

export class AccessNotifier {
  private readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(change: AccessChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
