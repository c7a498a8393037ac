import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../config.js';
import { channelTableMarkdown, permissionTableMarkdown } from './describe.js';

describe('docs/permissions.md', () => {
  const doc = readFileSync(path.join(PROJECT_ROOT, 'docs', 'permissions.md'), 'utf8');
  it('shows the permission table the policy enforces', () => {
    expect(doc).toContain(permissionTableMarkdown());
  });
  it('lists every route, event and Yjs operation with its rule', () => {
    expect(doc).toContain(channelTableMarkdown());
  });
});
