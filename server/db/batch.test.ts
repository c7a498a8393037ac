import { describe, expect, it } from 'vitest';
import { batchedLookup } from './batch.js';

describe('batchedLookup', () => {
  it('asks once for the keys of a burst, each key once, and answers every caller', async () => {
    const asked: string[][] = [];
    const lookup = batchedLookup(async (keys: readonly string[]) => {
      asked.push([...keys]);
      return new Map(keys.filter((k) => k !== 'gone').map((k) => [k, `room ${k}`]));
    });
    // 200 upgrades to one room and a few to others, in the same turn
    const names = [...Array.from({ length: 200 }, () => 'a'), 'b', 'a', 'gone', 'b'];
    const answers = await Promise.all(names.map((name) => lookup(name)));
    expect(answers).toEqual(names.map((name) => (name === 'gone' ? undefined : `room ${name}`)));
    expect(asked).toEqual([['a', 'b', 'gone']]);
  });

  it('is never a cache: a later burst asks again', async () => {
    let version = 0;
    const lookup = batchedLookup(async (keys: readonly string[]) => new Map(keys.map((k) => [k, `${k}@${version}`])));
    expect(await lookup('a')).toBe('a@0');
    version = 1;
    expect(await Promise.all([lookup('a'), lookup('a')])).toEqual(['a@1', 'a@1']);
  });
});
