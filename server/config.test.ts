import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { RECORD_BYTES } from './collab/store.js';

const env = (extra: Record<string, string>) => ({
  DATA_DIR: mkdtempSync(path.join(tmpdir(), 'roundtable-config-')),
  SESSION_SECRET: 'x'.repeat(32),
  ...extra,
});

describe('the sync frame cap', () => {
  it('cannot be set above what one database log record holds', () => {
    expect(() => loadConfig(env({ COLLAB_MAX_FRAME_BYTES: String(32 * 1024 * 1024) }))).toThrow(
      /COLLAB_MAX_FRAME_BYTES/,
    );
    expect(() => loadConfig(env({ COLLAB_MAX_FRAME_BYTES: String(RECORD_BYTES + 1) }))).toThrow(
      /COLLAB_MAX_FRAME_BYTES/,
    );
  });

  it('accepts the largest frame a record holds', () => {
    expect(loadConfig(env({ COLLAB_MAX_FRAME_BYTES: String(RECORD_BYTES) })).collab.maxFrameBytes).toBe(RECORD_BYTES);
  });
});

describe('the Jitsi origin a roundtable may embed', () => {
  it('is meet.jit.si unless configured; empty turns embedding off', () => {
    expect(loadConfig(env({})).calls.jitsiOrigin).toBe('https://meet.jit.si');
    expect(loadConfig(env({ JITSI_ORIGIN: 'https://jitsi.example.org' })).calls.jitsiOrigin).toBe(
      'https://jitsi.example.org',
    );
    expect(loadConfig(env({ JITSI_ORIGIN: '' })).calls.jitsiOrigin).toBeNull();
  });

  it('must be a bare https origin', () => {
    for (const bad of [
      'http://meet.jit.si',
      'https://meet.jit.si/',
      'https://meet.jit.si/room',
      'meet.jit.si',
      "'self'",
    ])
      expect(() => loadConfig(env({ JITSI_ORIGIN: bad })), bad).toThrow(/JITSI_ORIGIN/);
  });
});
