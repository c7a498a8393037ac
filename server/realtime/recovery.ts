import { type Authenticator } from '../http/authenticate.js';
import type { Logger } from '../logger.js';
import type { Actor } from '../policy/policy.js';
import type { RecoveryCheck } from './io.js';

/** Throws when the actor may no longer be in the channel with this id (e.g. a room they lost access to). */
export type ChannelCheck = (actor: Actor, id: string) => Promise<void>;

/**
 * A socket may recover its channels, and the packets it missed in them, only while
 * its session still belongs to the same person and every channel a domain guards
 * (by its prefix, `room:` …) still admits them.
 */
export function recoveryCheck(
  sessions: Authenticator,
  checks: ReadonlyMap<string, ChannelCheck>,
  logger: Logger,
): RecoveryCheck {
  return async (data, channels) => {
    const session = await sessions.resolve(data.token);
    if (!session || String(session.user._id) !== data.actor?.id) return false;
    const actor = { id: data.actor.id, name: session.user.name, isAdmin: session.user.isAdmin };
    for (const channel of channels) {
      const colon = channel.indexOf(':');
      const check = colon > 0 ? checks.get(channel.slice(0, colon)) : undefined;
      if (!check) continue;
      try {
        await check(actor, channel.slice(colon + 1));
      } catch (error) {
        logger.debug({ err: error, channel, userId: actor.id }, 'recovery refused for a channel');
        return false;
      }
    }
    return true;
  };
}
