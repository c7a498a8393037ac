/**
 * `npm run test:crash [-- --cycles N --clients N]`: kills the production server
 * process with SIGKILL every few seconds while stock y-websocket clients edit, then
 * checks that every edit a client was told was saved, or received from another
 * client, is in the document after the last restart (see test/helpers/crashCycles.ts).
 * Prints the numbers as one JSON line; exits 1 on any loss or leftover process.
 */
import { parseArgs } from 'node:util';
import { runCrashCycles } from '../test/helpers/crashCycles.js';

const { values } = parseArgs({
  options: {
    cycles: { type: 'string', default: '20' },
    clients: { type: 'string', default: '4' },
  },
});

const report = await runCrashCycles({
  cycles: Number(values.cycles),
  clients: Number(values.clients),
  liveMs: [1000, 4000],
  editEveryMs: 150,
  log: (line) => console.log(line),
});
const { lost, ...numbers } = report;
console.log(JSON.stringify({ ...numbers, lost: lost.length }));
if (lost.length > 0) console.error(`LOST ${lost.length} edits: ${lost.slice(0, 20).join(' ')}`);
if (report.leftoverProcesses > 0) console.error(`${report.leftoverProcesses} processes still use the data folder`);
process.exit(lost.length > 0 || report.leftoverProcesses > 0 ? 1 : 0);
