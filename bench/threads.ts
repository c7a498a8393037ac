/**
 * `npm run bench:threads [-- --messages 100000]`: one thread of 100,000 messages on the embedded
 * FerretDB, read through the real server with a real socket.io-client: the newest page, a deep
 * page (near the oldest message), a catch-up of the last 50 changes, and searches (a word in 1%
 * of the messages, an Arabic word written with other hamza and taa marbuta forms, a word in
 * none). Prints a Markdown table (docs/threads.md quotes it).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Types } from 'mongoose';
import { io, type Socket } from 'socket.io-client';
import { createApp } from '../server/app.js';
import { hashPassword } from '../server/auth/password.js';
import { loadConfig } from '../server/config.js';
import { createLogger } from '../server/logger.js';
import { ThreadPages } from '../server/threads/pages.js';
import type { Ack } from '../shared/errors.js';
import { normalizeForSearch } from '../shared/threads/normalize.js';
import { markdownTable } from './lib/report.js';
import { median, round } from './lib/stats.js';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
    /** `debug` prints each post's step timings ("thread post steps") among the server's debug lines. */
    log: { type: 'string', default: 'silent' },
  },
});
const TOTAL = Number(values.messages);
const RUNS = Number(values.runs);
const BATCH = 1000;

const LINES = [
  'Youth councils in every member city: who convenes the first meeting?',
  'نقترح ورشة عمل حول التعاون بين السلطات الوطنية والمحلية في شمال إفريقيا',
  'The helpdesk should answer in Albanian, Macedonian and BCSM.',
  'Мислам дека мапирањето на потребите треба да заврши до јуни.',
  'Partnerships with OSCE and IOM — draft letter attached.',
];

const dataDir = mkdtempSync(path.join(tmpdir(), 'roundtable-bench-threads-'));
const config = { ...loadConfig({ DATA_DIR: dataDir, SESSION_SECRET: randomBytes(32).toString('hex') }) };
const app = await createApp(
  { ...config, port: 0, seedDemo: false, logLevel: values.log as typeof config.logLevel, clientDist: undefined },
  createLogger(values.log),
);
const url = await app.listen();
try {
  const m = app.models;
  const user = await m.User.create({
    email: `${randomUUID()}@bench.roundtable`,
    name: 'Bench Admin',
    isAdmin: true,
    language: 'en',
    passwordHash: await hashPassword('bench passphrase long enough'),
    color: '#0f766e',
  });
  const group = await m.Group.create({ name: 'Bench group', kind: 'working_group' });
  const room = await m.Room.create({
    title: 'Bench room',
    groupId: group._id,
    languages: ['en'],
    documentName: `room-${randomUUID()}`,
  });
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: 'bench passphrase long enough' }),
  });
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const socket: Socket = io(url, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
  await new Promise<void>((resolve, reject) => socket.once('connect', () => resolve()).once('connect_error', reject));
  const ask = async <T>(event: string, payload: unknown): Promise<T> => {
    const ack = (await socket.timeout(900_000).emitWithAck(event, payload)) as Ack<T>;
    if (!ack.ok) throw new Error(`${event}: ${ack.error.message}`);
    return ack.data;
  };
  const opened = await ask<{ thread: { id: string } }>('thread:open', {
    subject: { kind: 'room', roomId: String(room._id) },
  });
  const threadId = new Types.ObjectId(opened.thread.id);

  const insertStarted = performance.now();
  for (let from = 1; from <= TOTAL; from += BATCH) {
    const docs = [];
    for (let seq = from; seq < from + BATCH && seq <= TOTAL; seq++) {
      const body = `${LINES[seq % LINES.length]}${seq % 100 === 0 ? ' #milestone' : ''} (${seq})`;
      docs.push({
        threadId,
        roomId: room._id,
        clientId: randomUUID(),
        authorId: user._id,
        authorName: user.name,
        body,
        search: normalizeForSearch(body),
        language: seq % LINES.length === 1 ? 'ar' : 'en',
        seq,
        changeSeq: seq,
        createdAt: new Date(Date.now() - (TOTAL - seq) * 1000),
      });
    }
    await m.Message.insertMany(docs, { ordered: false });
  }
  await m.Thread.updateOne({ _id: threadId }, { $set: { seq: TOTAL, count: TOTAL } });
  const insertSeconds = (performance.now() - insertStarted) / 1000;
  // messages inserted around the server: their pages are written as a start-up migration would
  const pagesStarted = performance.now();
  await new ThreadPages(m).build(threadId);
  const pagesSeconds = (performance.now() - pagesStarted) / 1000;

  const time = async (run: () => Promise<unknown>) => {
    const ms: number[] = [];
    let last: unknown;
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      last = await run();
      ms.push(performance.now() - t);
    }
    return { ms: median(ms), first: ms[0]!, last };
  };
  const ref = { threadId: opened.thread.id };
  type Page = { messages: { seq: number }[]; hasMore: boolean };
  type Found = { hits: { seq: number }[]; searchedFrom: number; searchedTo: number; hasMore: boolean };
  const rows: (string | number)[][] = [];
  const measure = async (what: string, event: string, payload: Record<string, unknown>) => {
    const { ms, first, last } = await time(() => ask<Page | Found>(event, { ...ref, ...payload }));
    const page = last as Page | Found;
    const answered = 'hits' in page ? page.hits.length : page.messages.length;
    rows.push([what, `\`${event}\``, answered, round(first), round(ms)]);
    return page;
  };
  await measure('newest page (50)', 'thread:history', {});
  await measure(`page in the middle (50 before seq ${Math.floor(TOTAL / 2).toLocaleString('en')})`, 'thread:history', {
    before: Math.floor(TOTAL / 2),
  });
  await measure('deep page (50 before seq 1,000)', 'thread:history', { before: 1000 });
  await measure('catch-up: the last 50 changes', 'thread:since', { after: TOTAL - 50 });
  // one search covers the newest SEARCH_WINDOW seqs (or stops at 50 hits) and says how far back it went
  const searched = (page: Page | Found) =>
    'hits' in page ? ` — searched ${(page.searchedTo - page.searchedFrom + 1).toLocaleString('en')}` : '';
  const tag = await measure('search: a tag in 1% of messages (first 50 hits)', 'thread:search', { q: '#MILESTONE' });
  rows.at(-1)![0] += searched(tag);
  const arabic = await measure('search: Arabic, other hamza/taa marbuta forms (first 50)', 'thread:search', {
    q: 'افريقيا',
  });
  rows.at(-1)![0] += searched(arabic);
  const none = await measure('search: a word in no message', 'thread:search', { q: 'zanzibar' });
  rows.at(-1)![0] += searched(none);
  if ('hits' in none && none.hasMore) {
    const older = await measure('search continued further back: the word in no message', 'thread:search', {
      q: 'zanzibar',
      before: none.searchedFrom,
    });
    rows.at(-1)![0] += searched(older);
  }
  if ('hits' in tag && tag.hasMore) {
    const next = await measure('search continued: the tag, the next 50 hits', 'thread:search', {
      q: '#MILESTONE',
      before: tag.searchedFrom,
    });
    rows.at(-1)![0] += searched(next);
  }
  // last, as they read the newest page (open) and add messages (post)
  const open = await time(() =>
    ask<{ page: Page }>('thread:open', { subject: { kind: 'room', roomId: String(room._id) } }),
  );
  rows.push(['open: state, unread count, newest page', '`thread:open`', 50, round(open.first), round(open.ms)]);
  const post = await time(() => ask('thread:post', { ...ref, body: 'One more — واحدة أخرى', clientId: randomUUID() }));
  rows.push(['post a message', '`thread:post`', 1, round(post.first), round(post.ms)]);
  socket.disconnect();
  console.log(
    `\n${TOTAL.toLocaleString('en')} messages in one thread, inserted in ${round(insertSeconds)} s, pages written in ${round(pagesSeconds)} s; median of ${RUNS} runs, through Socket.IO:\n`,
  );
  // the first run reads from the database; later ones find the page's messages in the server's memory
  console.log(markdownTable(['read', 'event', 'messages answered', 'first run ms', 'median ms'], rows));
} finally {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}
