import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';

const SCRIPT = `console.log(${JSON.stringify('a room '.repeat(200))});\n`;
const PAGE = `<!doctype html><title>Roundtable</title><style>${'.room { color: #222 } '.repeat(200)}</style>`;

/** A raw GET (fetch would pick its own Accept-Encoding and decode the body). */
function get(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
    (resolve, reject) => {
      request(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    },
  );
}

describe('serving the built client', () => {
  let server: TestServer;
  let bare: TestServer;

  beforeAll(async () => {
    // a build without precompressed copies of the page (they are optional)
    const plainDist = mkdtempSync(path.join(tmpdir(), 'roundtable-dist-'));
    writeFileSync(path.join(plainDist, 'index.html'), PAGE);
    bare = await startServer({ clientDist: plainDist });
    const dist = mkdtempSync(path.join(tmpdir(), 'roundtable-dist-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), PAGE);
    writeFileSync(path.join(dist, 'index.html.br'), brotliCompressSync(PAGE));
    writeFileSync(path.join(dist, 'index.html.gz'), gzipSync(PAGE));
    const script = path.join(dist, 'assets', 'index-Ab12Cd34.js');
    writeFileSync(script, SCRIPT);
    writeFileSync(`${script}.br`, brotliCompressSync(SCRIPT));
    writeFileSync(`${script}.gz`, gzipSync(SCRIPT));
    server = await startServer({ clientDist: dist });
  });
  afterAll(async () => {
    await server.close();
    await bare.close();
  });

  it('sends the brotli copy of a hashed asset to a browser that accepts it, cached for a year as immutable', async () => {
    const res = await get(`${server.url}/assets/index-Ab12Cd34.js`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toMatch(/Accept-Encoding/i);
    expect(brotliDecompressSync(res.body).toString()).toBe(SCRIPT);
  });

  it('falls back to gzip, then to the plain file', async () => {
    const gz = await get(`${server.url}/assets/index-Ab12Cd34.js`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(SCRIPT);
    const plain = await get(`${server.url}/assets/index-Ab12Cd34.js`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(SCRIPT);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('makes browsers revalidate the page itself, so a new build is picked up at once', async () => {
    for (const page of ['/', '/rooms/5f0c0c0c0c0c0c0c0c0c0c0c']) {
      const res = await get(`${server.url}${page}`);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body.toString()).toContain('<title>Roundtable</title>');
    }
  });

  it('sends the page itself compressed too (it carries the stylesheet), by what the browser accepts', async () => {
    const br = await get(`${server.url}/rooms/5f0c0c0c0c0c0c0c0c0c0c0c`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^text\/html/);
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(br.headers['cache-control']).toBe('no-cache');
    expect(brotliDecompressSync(br.body).toString()).toBe(PAGE);
    const gz = await get(`${server.url}/`, { 'accept-encoding': 'gzip, deflate' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(PAGE);
    const plain = await get(`${server.url}/`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(PAGE);
    const uncompressedBuild = await get(`${bare.url}/`, { 'accept-encoding': 'gzip, br' });
    expect(uncompressedBuild.headers['content-encoding']).toBeUndefined();
    expect(uncompressedBuild.body.toString()).toBe(PAGE);
  });

  it('answers a missing asset with 404, not with the page under a script name', async () => {
    const res = await get(`${server.url}/assets/index-Gone0000.js`, { 'accept-encoding': 'br' });
    expect(res.status).toBe(404);
    expect(res.headers['cache-control'] ?? '').not.toMatch(/immutable/);
  });
});
