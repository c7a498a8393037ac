import { describe, expect, it } from 'vitest';
import { UI_LANGUAGES } from '../../shared/languages.js';
import type { NotificationView } from '../../shared/schemas/threads.js';
import { notificationText } from '../../shared/threads/notificationText.js';
import { translatorFor } from '../../server/platform/i18n.js';

const author = { id: 'u1', name: 'Amina' };
const priority: NotificationView['subject'] = { kind: 'priority', planId: 'p', priorityId: 'x' };
const room: NotificationView['subject'] = { kind: 'room', roomId: 'r' };
const group: NotificationView['subject'] = { kind: 'group', groupId: 'g' };
const onPriority = { subject: 'Youth centres', context: 'Tirana action plan' };

/** Without the Unicode isolates around the names and titles (they keep each in its own direction). */
const text = (...args: Parameters<typeof notificationText>) => {
  const said = notificationText(...args);
  expect(said).toContain('\u2068');
  return said.replace(/[\u2068\u2069]/g, '');
};

describe('what a notification says happened', () => {
  it('names the person, the priority and its plan in English', () => {
    const t = translatorFor('en');
    expect(text(t, { kind: 'mention', author, subject: priority, titles: onPriority })).toBe(
      'Amina mentioned you on priority “Youth centres” in Tirana action plan',
    );
    expect(text(t, { kind: 'reply', author, subject: priority, titles: onPriority })).toBe(
      'Amina replied to your comment on priority “Youth centres” in Tirana action plan',
    );
    expect(text(t, { kind: 'reply', author, subject: room, titles: { subject: 'Balkans', context: null } })).toBe(
      'Amina replied to your message in the chat of “Balkans”',
    );
    expect(text(t, { kind: 'mention', author: { id: 'u2', name: '' }, subject: group, titles: null })).toBe(
      'Former member mentioned you',
    );
  });

  it.each(UI_LANGUAGES)('%s: every kind on every subject names who and where, with no placeholder left', (lng) => {
    const t = translatorFor(lng);
    const seen = new Set<string>();
    for (const kind of ['mention', 'reply'] as const) {
      for (const subject of [priority, room, group]) {
        const said = text(t, { kind, author, subject, titles: onPriority });
        expect(said).toContain('Amina');
        expect(said).toContain('Youth centres');
        if (subject.kind === 'priority') expect(said).toContain('Tirana action plan');
        expect(said).not.toMatch(/[{}]|notifications\./);
        seen.add(said);
      }
      const bare = text(t, { kind, author, subject: room, titles: null });
      expect(bare).toContain('Amina');
      seen.add(bare);
    }
    // each says something different
    expect(seen.size).toBe(8);
  });
});
