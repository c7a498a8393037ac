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
