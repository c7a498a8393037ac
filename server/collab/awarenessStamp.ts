import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { CollabConnection } from './connection.js';

/** Awareness client ids one connection may speak for (a provider has one; a few spare for reloads). */
export const MAX_AWARENESS_IDS = 4;

/**
 * Rewrites an incoming awareness update so that nobody can appear as someone
 * else: every state's `user` becomes the connection's real person (id, name,
 * colour), entries for client ids another connection holds are dropped, a connection
 * speaks for at most MAX_AWARENESS_IDS ids, and clocks move past those already seen.
 * Throws on a malformed update (the caller closes the connection).
 */
export function stampAwarenessUpdate(
  update: Uint8Array,
  conn: CollabConnection,
  /** The connection holding an id; 'peer' for one held on another node (by someone else). */
  ownerOf: (clientId: number) => CollabConnection | 'peer' | undefined,
  clockOf: (clientId: number) => number | undefined,
): Uint8Array {
  const decoder = decoding.createDecoder(update);
  const entries: { clientId: number; clock: number; state: string }[] = [];
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const sentClock = decoding.readVarUint(decoder);
    const raw: unknown = JSON.parse(decoding.readVarString(decoder));
    const owner = ownerOf(clientId);
    if (owner && owner !== conn) continue;
    let offset = conn.clockOffset(clientId);
    if (offset === undefined) {
      // a removal for an id nobody holds changes nothing, and each id costs memory: only a few per connection
      if (raw === null || conn.spokenFor >= MAX_AWARENESS_IDS) continue;
      // a provider coming back (or an id seen before) speaks with its old clock, which this
      // server and everyone else already passed when removing it: carry it past that clock
      const known = clockOf(clientId);
      offset = known !== undefined && known >= sentClock ? known + 1 - sentClock : 0;
      conn.setClockOffset(clientId, offset);
    }
    const clock = sentClock + offset;
    if (raw === null) {
      entries.push({ clientId, clock, state: 'null' });
    } else if (typeof raw === 'object' && !Array.isArray(raw)) {
      const user = { id: conn.actor.id, name: conn.actor.name, color: conn.color };
      entries.push({ clientId, clock, state: JSON.stringify({ ...raw, user }) });
    }
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}
