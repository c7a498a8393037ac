import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A stand-in for a LibreTranslate server on 127.0.0.1, speaking its documented HTTP contract:
 *
 * - `POST /translate`, body JSON or `application/x-www-form-urlencoded`: `q` (a string or an
 *   array of strings), `source` (a code or "auto"), `target`, `format` ("text" default, or "html"),
 *   `alternatives` (how many), `api_key`. Answers `{ translatedText }` (an array for an array `q`),
 *   with `detectedLanguage: { confidence, language }` when `source` is "auto" and `alternatives`
 *   when asked.
 * - `GET /languages`: `[{ code, name, targets }]`.
 * - Errors as `{ "error": "…" }`: 400 for a missing or unsupported parameter, 403 for a missing
 *   or wrong API key (when one is required), 429 "slow down", 500 a translation error.
 *
 * Its "translation" is deterministic: `‹fr› text` for target fr, tags kept in html. Tests set
 * `mode` to make it slow, hang, fail or drop connections, and read `calls`.
 */
export interface FakeLibreTranslate {
  url: string;
  /** Every /translate request that reached translation (after validation and the key check). */
  calls: TranslateCall[];
  /** Every /translate request received, valid or not. */
  requests: number;
  mode: 'ok' | 'slow' | 'hang' | 'rate_limited' | 'error' | 'drop';
  /** How long `slow` waits before answering. */
  delayMs: number;
  /** When set, requests must carry this `api_key`. */
  apiKey: string | undefined;
  close(): Promise<void>;
}

export interface TranslateCall {
  q: string | string[];
  source: string;
  target: string;
  format: 'text' | 'html';
  apiKey: string | undefined;
  contentType: string;
}

export const FAKE_LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'ar', name: 'Arabic' },
  { code: 'fr', name: 'French' },
  { code: 'sq', name: 'Albanian' },
  { code: 'sr', name: 'Serbian' },
  { code: 'mk', name: 'Macedonian' },
  { code: 'sw', name: 'Swahili' },
];
const CODES = FAKE_LANGUAGES.map((l) => l.code);

/** The fake's translation of one text: marked with the target, html tags kept as they are. */
export function fakeTranslation(text: string, target: string, format: 'text' | 'html' = 'text'): string {
  if (format === 'html') return text.replace(/>([^<]+)</g, (_m, inner: string) => `>‹${target}› ${inner}<`);
  return `‹${target}› ${text}`;
}

/** A rough guess at a text's language, enough for "auto": by script, else English. */
function detect(text: string): { confidence: number; language: string } {
  if (/\p{Script=Arabic}/u.test(text)) return { confidence: 95, language: 'ar' };
  if (/\p{Script=Cyrillic}/u.test(text)) return { confidence: 60, language: 'mk' };
  if (/[àâçéèêëîïôûùüÿœ]/i.test(text)) return { confidence: 70, language: 'fr' };
  return { confidence: 50, language: 'en' };
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) {
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  }
  const form = new URLSearchParams(raw);
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    const values = form.getAll(key);
    out[key] = values.length > 1 ? values : values[0];
  }
  return out;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startFakeLibreTranslate(options: { apiKey?: string } = {}): Promise<FakeLibreTranslate> {
  const sockets = new Set<Socket>();
  const fake: FakeLibreTranslate = {
    url: '',
    calls: [],
    requests: 0,
    mode: 'ok',
    delayMs: 0,
    apiKey: options.apiKey,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };

  const translate = async (req: IncomingMessage, res: ServerResponse) => {
    fake.requests++;
    if (fake.mode === 'drop') return req.socket.destroy();
    if (fake.mode === 'hang') return; // never answers; the client's timeout must end it
    let body: Record<string, unknown>;
    try {
      body = await readBody(req);
    } catch {
      return send(res, 400, { error: 'Invalid request: the body is not valid JSON' });
    }
    const { q, source, target } = body;
    const format = (body.format ?? 'text') as string;
    const alternatives = Number(body.alternatives ?? 0);
    const apiKey = typeof body.api_key === 'string' ? body.api_key : undefined;
    const texts = Array.isArray(q) ? q : [q];
    if (q === undefined || q === '' || !texts.every((t) => typeof t === 'string')) {
      return send(res, 400, { error: 'Invalid request: missing q parameter' });
    }
    if (typeof source !== 'string' || !source)
      return send(res, 400, { error: 'Invalid request: missing source parameter' });
    if (typeof target !== 'string' || !target)
      return send(res, 400, { error: 'Invalid request: missing target parameter' });
    if (source !== 'auto' && !CODES.includes(source)) return send(res, 400, { error: `${source} is not supported` });
    if (!CODES.includes(target)) return send(res, 400, { error: `${target} is not supported` });
    if (format !== 'text' && format !== 'html') return send(res, 400, { error: `${format} format is not supported` });
    if (!Number.isInteger(alternatives) || alternatives < 0) {
      return send(res, 400, { error: 'Invalid request: alternatives must be a whole number' });
    }
    if (fake.apiKey !== undefined && apiKey !== fake.apiKey) return send(res, 403, { error: 'Invalid API key' });
    if (fake.mode === 'rate_limited') return send(res, 429, { error: 'Slowdown: too many requests, try again later' });
    fake.calls.push({
      q: q as string | string[],
      source,
      target,
      format,
      apiKey,
      contentType: req.headers['content-type'] ?? '',
    });
    if (fake.mode === 'error') return send(res, 500, { error: 'Translation error' });
    if (fake.mode === 'slow') await new Promise((r) => setTimeout(r, fake.delayMs));
    const one = (text: string) => {
      const out: Record<string, unknown> = { translatedText: fakeTranslation(text, target, format) };
      if (source === 'auto') out.detectedLanguage = detect(text);
      if (alternatives > 0 && format === 'text') {
        out.alternatives = Array.from(
          { length: alternatives },
          (_v, i) => `${fakeTranslation(text, target)} (${i + 2})`,
        );
      }
      return out;
    };
    const results = (texts as string[]).map(one);
    if (!Array.isArray(q)) return send(res, 200, results[0]);
    const merged: Record<string, unknown> = { translatedText: results.map((r) => r.translatedText) };
    if (source === 'auto') merged.detectedLanguage = results.map((r) => r.detectedLanguage);
    if (results[0]?.alternatives) merged.alternatives = results.map((r) => r.alternatives);
    send(res, 200, merged);
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'POST' && path === '/translate') {
      translate(req, res).catch(() => send(res, 500, { error: 'Translation error' }));
      return;
    }
    if (req.method === 'GET' && path === '/languages') {
      return send(
        res,
        200,
        FAKE_LANGUAGES.map((l) => ({ ...l, targets: CODES.filter((c) => c !== l.code) })),
      );
    }
    send(res, 404, { error: 'Not Found' });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
