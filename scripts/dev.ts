/**
 * `npm run dev`: the API server (restarting on change) on API_PORT (3001) and the
 * Vite dev server with hot reload on PORT (3000), which proxies /api, /socket.io and /collab.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const apiPort = process.env.API_PORT ?? '3001';
const children: ChildProcess[] = [
  spawn('npx', ['tsx', 'watch', '--clear-screen=false', 'server/main.ts'], {
    stdio: 'inherit',
    // PUBLIC_URL: the address to open is Vite's, which proxies to this server
    env: { ...process.env, PORT: apiPort, CLIENT_DIST: '', PUBLIC_URL: `http://localhost:${process.env.PORT ?? 3000}` },
  }),
  spawn('npx', ['vite'], { stdio: 'inherit', env: { ...process.env, API_PORT: apiPort } }),
];

let stopping = false;
const stop = (code: number) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
};
for (const child of children) child.on('exit', (code) => stop(code ?? 1));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
