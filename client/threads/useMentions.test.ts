import { describe, expect, it } from 'vitest';
import { mentionQuery } from './useMentions';

describe('the @ being typed', () => {
  it('is the word after an @ at the caret, at the start or after a space', () => {
    expect(mentionQuery('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQuery('Thanks @Ел', 10)).toEqual({ start: 7, query: 'Ел' });
    expect(mentionQuery('شكرًا @يوس', 10)).toEqual({ start: 6, query: 'يوس' });
  });

  it('is nothing inside an address, after a space, or once a mention is written', () => {
    expect(mentionQuery('mail me at ana@example.org', 26)).toBeNull();
    expect(mentionQuery('Thanks @Ana ', 12)).toBeNull();
    expect(mentionQuery('Thanks @[Ana Kovač] ', 20)).toBeNull();
    // the caret, not the end of the text, decides
    expect(mentionQuery('Thanks @An and more', 10)).toEqual({ start: 7, query: 'An' });
  });
});
