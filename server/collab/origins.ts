import type { Actor } from '../policy/policy.js';

/**
 * Why a Yjs transaction happened, as a typed value instead of duck typing:
 * a connected client (its updates and awareness), the server itself (seeding,
 * restoring a version, writing a vote result back), or loading from storage.
 */
export type TransactionOrigin =
  | { readonly kind: 'client'; readonly connectionId: number; readonly actor: Actor }
  | { readonly kind: 'server'; readonly reason: string; readonly actor?: Actor }
  | { readonly kind: 'load' }
  | { readonly kind: 'peer' };

export const LOAD_ORIGIN: TransactionOrigin = { kind: 'load' };
/** Updates another node stored (heard over the relay, or read from the log). */
export const PEER_ORIGIN: TransactionOrigin = { kind: 'peer' };

export function isClientOrigin(origin: unknown): origin is Extract<TransactionOrigin, { kind: 'client' }> {
  return typeof origin === 'object' && origin !== null && (origin as TransactionOrigin).kind === 'client';
}

/** Who sent an update, as the log records it: the person's id, '' for the server (or one acting for nobody). */
export function authorOf(origin: TransactionOrigin): string {
  if (origin.kind === 'client') return origin.actor.id;
  if (origin.kind === 'server') return origin.actor?.id ?? '';
  return '';
}
