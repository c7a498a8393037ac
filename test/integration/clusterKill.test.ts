import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ServerProcess } from '../e2e/serverProcess.js';
import { loadFresh, synced } from '../helpers/ackingClient.js';
import { eventually } from '../helpers/clients.js';
import { Editor, TEXT, editableRoom, signIn } from '../helpers/crashCycles.js';
import { RedisServer } from '../helpers/redisServer.js';
import { TcpProxy } from '../helpers/tcpProxy.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Two production server processes on one database and one Redis; node A's clients
 * reach it through a forwarder (the load balancer). A is killed with SIGKILL while
 * clients on both nodes edit; the forwarder then sends A's clients to B. Every edit
 * any client saw, or was told was saved, must be in the document afterwards.
 */
describe('a node killed mid-session', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it("loses nothing acknowledged or seen: A's clients reconnect to B and everyone converges", async () => {
    const redis = await RedisServer.start();
    cleanups.push(() => redis.close());
    const db = new URL(inject('mongoUri'));
    db.pathname = `/rt_cluster_${randomBytes(6).toString('hex')}`;
    const shared = {
      REDIS_URL: redis.url,
      MONGODB_URI: db.toString(),
      SESSION_SECRET: randomBytes(32).toString('hex'),
    };
    const nodeA = await ServerProcess.create({ ...shared, SEED_DEMO: 'true' });
    cleanups.push(() => nodeA.stop());
    const nodeB = await ServerProcess.create({ ...shared, SEED_DEMO: 'false' });
    cleanups.push(() => nodeB.stop());
    const balancer = await TcpProxy.start(nodeA.port);
    cleanups.push(() => balancer.close());

    const cookie = await signIn(nodeB.url);
    const documentName = await editableRoom(nodeB.url, cookie);
    const editors = [0, 1, 2, 3].map((i) => new Editor(i, i < 2 ? balancer.url : nodeB.url, documentName, cookie));
    cleanups.push(async () => editors.forEach((e) => e.client.destroy()));
    await Promise.all(editors.map((e) => synced(e.client.provider)));

    let editing = true;
    const loops = editors.map(async (editor) => {
      while (editing) {
        editor.insert(Math.random);
        await sleep(Math.random() * 120);
      }
    });
    await sleep(2500);
    // live, across nodes: B's clients see A's clients' edits (and the other way round)
    const fromA = (t: string) => t.startsWith('<c0.') || t.startsWith('<c1.');
    await eventually(() => expect(editors[2]!.seen().some(fromA)).toBe(true));
    await eventually(() => expect(editors[0]!.seen().some((t) => !fromA(t))).toBe(true));
    await nodeA.kill();
    balancer.upstream = nodeB.port;
    // A's clients keep editing offline, then reconnect (to B) and resync
    await sleep(1500);
    await Promise.all(editors.map((e) => synced(e.client.provider, 60_000)));
    await sleep(1500);
    editing = false;
    await Promise.all(loops);

    // everyone converges on B, and everything is acknowledged once the last saved markers arrive
    await eventually(() => {
      const texts = editors.map((e) => e.client.doc.getText(TEXT).toString());
      expect(new Set(texts).size).toBe(1);
    }, 30_000);
    await eventually(() => expect(editors.every((e) => e.tokens.every((t) => t.acked))).toBe(true), 30_000);
    const acknowledged = editors.flatMap((e) => e.tokens.filter((t) => t.acked).map((t) => t.text));
    const seen = new Set(editors.flatMap((e) => e.seen()));
    expect(acknowledged.length).toBeGreaterThan(40);
    expect(editors.slice(0, 2).every((e) => e.tokens.some((t) => t.acked))).toBe(true);
    for (const e of editors) e.client.destroy();

    // what the database alone holds: B restarted, a fresh client loads the document
    await nodeB.restart();
    const loaded = await loadFresh(nodeB.url, documentName, cookie, TEXT);
    const present = new Set(loaded.match(/<c\d+\.\d+>/g) ?? []);
    const lost = [...new Set([...acknowledged, ...seen])].filter((t) => !present.has(t));
    expect(lost).toEqual([]);
  }, 240_000);
});
