import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { CollabConnection } from './connection.js';

/**
 * Rewrites an incoming awareness update so that nobody can appear as someone
 * else: every state's `user` becomes the connection's real person (id, name,
 * colour), and entries for client ids another connection announced are dropped.
 * Throws on a malformed update (the caller closes the connection).
 */
export function stampAwarenessUpdate(
  update: Uint8Array,
  conn: CollabConnection,
  ownerOf: (clientId: number) => CollabConnection | undefined,
): Uint8Array {
  const decoder = decoding.createDecoder(update);
  const entries: { clientId: number; clock: number; state: string }[] = [];
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const raw: unknown = JSON.parse(decoding.readVarString(decoder));
    const owner = ownerOf(clientId);
    if (owner && owner !== conn) continue;
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
