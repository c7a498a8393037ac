import { describe, expect, it } from 'vitest';
import { AUTO_VERSION_NAMES, versionNameMeaning } from './versionNames.js';

describe('version names', () => {
  it('reads the names the server gives its own versions back as what they mean; a person’s name stays', () => {
    expect(versionNameMeaning(AUTO_VERSION_NAMES.created)).toEqual({ kind: 'created' });
    expect(versionNameMeaning(AUTO_VERSION_NAMES.status('review'))).toEqual({ kind: 'status', status: 'review' });
    expect(versionNameMeaning(AUTO_VERSION_NAMES.restore(AUTO_VERSION_NAMES.checkpoint))).toEqual({
      kind: 'restore',
      of: { kind: 'checkpoint' },
    });
    expect(versionNameMeaning('Moved to the MENA hub')).toEqual({ kind: 'named', name: 'Moved to the MENA hub' });
    expect(versionNameMeaning('Started')).toEqual({ kind: 'created' });
  });
});
