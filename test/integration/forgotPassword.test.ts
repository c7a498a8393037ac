import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PasswordHelp } from '../../shared/schemas/auth.js';
import { api, expectError } from '../helpers/api.js';
import { eventually, login } from '../helpers/clients.js';
import { buildUser } from '../helpers/factories.js';
import { startMailbox } from '../helpers/mailbox.js';
import { startServer, type TestServer } from '../helpers/server.js';

const NEW_PASSWORD = 'a kettle singing on the balcony';

describe('forgot password, with SMTP_URL set: a link by email', () => {
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let server: TestServer;
  beforeAll(async () => {
    mailbox = await startMailbox();
    server = await startServer({ smtpUrl: mailbox.url });
  });
  afterAll(async () => {
    await server?.close();
    await mailbox?.close();
  });

  const ask = (email: string, headers: Record<string, string> = {}) =>
    api<PasswordHelp>(server.url, 'POST', '/api/password-resets', { body: { email }, headers });

  it('writes the email in the person’s own language', async () => {
    const person = await buildUser(server.app.models, { language: 'mk' });
    expect((await ask(person.email)).status).toBe(200);
    await eventually(() => expect(mailbox.received.map((mail) => mail.to)).toContainEqual([person.email]));
    const mail = mailbox.received.find((r) => r.to.includes(person.email))!;
    expect(mail.body).toContain('Отворете ја оваа врска во рок од 60 минути');
    expect(mail.body).not.toContain('Open this link');
    expect(mail.body).toMatch(/https?:\/\/\S+\/reset\/[\w-]+/);
  });

  it('says a link can come by email', async () => {
    const help = await api<PasswordHelp>(server.url, 'GET', '/api/auth/password-help');
    expect(help.status).toBe(200);
    expect(help.body).toEqual({ byEmail: true });
  });

  it('emails a link that sets a new password and signs the person out elsewhere', async () => {
    const person = await buildUser(server.app.models);
    const elsewhere = await login(server.url, person);
    const res = await ask(person.email.toUpperCase());
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ byEmail: true });

    await eventually(() => expect(mailbox.received.map((mail) => mail.to)).toContainEqual([person.email]));
    const mail = mailbox.received.find((r) => r.to.includes(person.email))!;
    const link = /https?:\/\/\S+\/reset\/([\w-]+)/.exec(mail.body);
    expect(link, mail.body).not.toBeNull();
    expect(mail.body).toContain('60 minutes');

    const redeem = await api(server.url, 'POST', `/api/password-resets/${link![1]}`, {
      body: { password: NEW_PASSWORD },
    });
    expect(redeem.status, JSON.stringify(redeem.body)).toBe(204);
    await expect(login(server.url, { email: person.email, password: NEW_PASSWORD })).resolves.toMatch(/=/);
    await expect(login(server.url, person)).rejects.toThrow(/401/);
    expectError(await api(server.url, 'GET', '/api/me', { cookie: elsewhere }), 401, 'unauthenticated');
    // one use only
    expect(
      (await api(server.url, 'POST', `/api/password-resets/${link![1]}`, { body: { password: NEW_PASSWORD } })).status,
    ).toBe(410);
  });

  it('answers the same for an address without an account, and sends nothing', async () => {
    const person = await buildUser(server.app.models);
    const known = await ask(person.email, { 'x-forwarded-for': '198.51.100.7' });
    const unknown = await ask('nobody-here@example.org', { 'x-forwarded-for': '198.51.100.7' });
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
    await eventually(() => expect(mailbox.received.map((mail) => mail.to)).toContainEqual([person.email]));
    expect(mailbox.received.map((mail) => mail.to)).not.toContainEqual(['nobody-here@example.org']);
  });

  it('limits how often a link can be asked for one address', async () => {
    const person = await buildUser(server.app.models);
    const before = mailbox.received.length;
    for (let i = 0; i < 3; i++) expect((await ask(person.email)).status).toBe(200);
    const refused = expectError(await ask(person.email), 429, 'rate_limited');
    expect(refused.message).toMatch(/minutes/);
    await eventually(() => expect(mailbox.received.length - before).toBe(3));
    // and the same limit for an address that has no account: no difference to see
    for (let i = 0; i < 3; i++) expect((await ask('ghost@example.org')).status).toBe(200);
    expectError(await ask('ghost@example.org'), 429, 'rate_limited');
  });
});

describe('forgot password, without SMTP_URL: ask hub staff', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ smtpUrl: undefined });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('says no link comes by email, whatever the address', async () => {
    const person = await buildUser(server.app.models);
    expect((await api(server.url, 'GET', '/api/auth/password-help')).body).toEqual({ byEmail: false });
    const res = await api(server.url, 'POST', '/api/password-resets', { body: { email: person.email } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ byEmail: false });
    expect(await server.app.models.PasswordReset.countDocuments({ userId: person.id })).toBe(0);
  });

  it('refuses an address that is not one, in words', async () => {
    expectError(await api(server.url, 'POST', '/api/password-resets', { body: { email: 'no' } }), 400, 'bad_request');
  });
});
