/**
 * A separate process that asks the server for a URL back to back (one at a
 * time, at most every 10 ms) and, when its stdin closes, prints the longest answer
 * in ms: how long the server's event loop stalled, seen from outside.
 */
const url = process.argv[2]!;
let longest = 0;
let running = true;
/** The first answer (a cold connection) is not counted; READY is printed after the second. */
let answered = 0;
process.stdin.resume();
process.stdin.on('end', () => {
  running = false;
  process.stdout.write(`STALL ${Math.round(longest)}\n`);
  process.exit(0);
});
while (running) {
  const started = performance.now();
  try {
    const res = await fetch(url);
    await res.arrayBuffer();
    answered++;
  } catch {
    answered = 0; // the server (re)starting: not a stall of a loaded document
  }
  if (answered === 2) process.stdout.write('READY\n');
  if (answered > 2) longest = Math.max(longest, performance.now() - started);
  await new Promise((r) => setTimeout(r, 10));
}
