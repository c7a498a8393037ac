import * as decoding from 'lib0/decoding';
import { expect } from 'vitest';
import { MESSAGE_SAVED } from '../../shared/collab.js';
import { eventually } from './clients.js';
import { isUpdateBearing, openProvider } from './collab.js';

/**
 * A stock provider that opts in to the server's saved marker, so a test knows when
 * the server has handled (stored, or dropped for a reader) every update it sent on
 * its current connection. Counts start again on each reconnection.
 */
export function openCountingProvider(
  defer: (cleanup: () => unknown) => void,
  url: string,
  documentName: string,
  cookie: string | undefined,
) {
  let sent = 0;
  let saved = 0;
  let markers = 0;
  const client = openProvider(
    defer,
    url,
    documentName,
    cookie,
    { saved: '1' },
    {
      sent: (frame) => {
        if (isUpdateBearing(frame)) sent++;
      },
    },
  );
  client.provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
    saved = decoding.readVarUint(decoder);
    markers++;
  };
  client.provider.on('connection-close', () => {
    sent = 0;
    saved = 0;
  });
  return {
    ...client,
    /** Update-bearing messages sent, and how many the server said are stored (this connection). */
    counts: () => ({ sent, saved }),
    /** Saved markers received so far (the server sends one after handling each batch, stored or not). */
    markers: () => markers,
    /** Resolves once the server handled every update sent on this connection. */
    handled: () =>
      eventually(() => {
        expect(sent).toBeGreaterThan(0);
        expect(saved).toBe(sent);
      }),
  };
}
