/**
 * A separate process that asks the server for `/api/health` back to back (one at a
 * time, at most every 10 ms) and, when its stdin closes, prints the longest answer
 * in ms: how long the server's event loop stalled, seen from outside.
 */
const url = process.argv[2]!;
let longest = 0;
let running = true;
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
  } catch {
    // the server restarting: not a stall of the loaded document
  }
  longest = Math.max(longest, performance.now() - started);
  await new Promise((r) => setTimeout(r, 10));
}
