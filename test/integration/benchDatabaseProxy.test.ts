import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { countingProxy, type CountingProxy, type DatabaseTraffic } from '../../bench/lib/database.js';

// bench:sync's floor on "bytes written to the database" reads this proxy: a query must not count
// as a write, and a write must count whole, however the driver cuts it into chunks
let dir: string;
let proxy: CountingProxy;
let connection: Connection;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rt-db-proxy-'));
  proxy = await countingProxy(inject('mongoUri'), dir);
  connection = mongoose.createConnection(proxy.uri, {
    dbName: `rt_proxy_${randomBytes(6).toString('hex')}`,
    bufferCommands: false,
  });
  await connection.asPromise();
});
afterAll(async () => {
  await connection?.dropDatabase();
  await connection?.close();
  await proxy?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function trafficOf(work: () => Promise<unknown>): Promise<DatabaseTraffic> {
  const before = proxy.traffic();
  await work();
  const after = proxy.traffic();
  return { sent: after.sent - before.sent, written: after.written - before.written };
}

describe('the bench database proxy', () => {
  it('counts an insert, an update and a delete as written, whole', async () => {
    const items = connection.collection('items');
    const insert = await trafficOf(() => items.insertOne({ _id: 'big' as never, blob: randomBytes(300_000) }));
    expect(insert.written).toBeGreaterThan(300_000);
    expect(insert.written).toBeLessThan(301_000);
    expect(insert.sent).toBe(insert.written);

    const update = await trafficOf(() =>
      items.updateOne({ _id: 'big' as never }, { $set: { note: 'x'.repeat(5_000) } }),
    );
    expect(update.written).toBeGreaterThan(5_000);

    const remove = await trafficOf(() => items.deleteMany({ _id: { $in: ['big', 'other'] as never[] } }));
    expect(remove.written).toBeGreaterThan(0);
    expect(await items.countDocuments()).toBe(0);
  });

  it('counts a query as sent but not written', async () => {
    const items = connection.collection('items');
    const ids = Array.from({ length: 500 }, () => randomBytes(32).toString('base64url'));
    const query = await trafficOf(() => items.find({ _id: { $in: ids as never[] } }).toArray());
    expect(query.sent).toBeGreaterThan(500 * 43);
    expect(query.written).toBe(0);
  });

  it('keeps counting right across many small messages sent back to back', async () => {
    const items = connection.collection('items');
    const both = await trafficOf(() =>
      Promise.all([
        ...Array.from({ length: 50 }, (_, i) => items.insertOne({ n: i, pad: 'p'.repeat(1_000) })),
        ...Array.from({ length: 50 }, (_, i) => items.findOne({ n: i })),
      ]),
    );
    // 50 inserts of over 1 KB each are written; the 50 look-ups are not
    expect(both.written).toBeGreaterThan(50 * 1_000);
    expect(both.written).toBeLessThan(50 * 1_300);
    expect(both.sent - both.written).toBeGreaterThan(50 * 30);
  });
});
