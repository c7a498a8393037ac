/**
 * Holds matching database queries of one model until the test lets them go, to
 * place a race (a revocation, a reset connection) exactly inside a server check.
 * `when: 'after'` runs the query first and holds its (by then stale) answer.
 */
export function gateQueries(
  model: object,
  method: string,
  options: { when?: 'before' | 'after'; match?: (...args: unknown[]) => boolean } = {},
) {
  const target = model as Record<string, (...args: unknown[]) => unknown>;
  const original = target[method]!;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let hit!: () => void;
  const reached = new Promise<void>((resolve) => (hit = resolve));
  target[method] = function (this: unknown, ...args: unknown[]) {
    const query = original.apply(this, args) as { exec: (...a: unknown[]) => Promise<unknown> };
    if (options.match && !options.match(...args)) return query;
    const exec = query.exec.bind(query);
    query.exec = async (...a: unknown[]) => {
      if (options.when === 'after') {
        const result = await exec(...a);
        hit();
        await opened;
        return result;
      }
      hit();
      await opened;
      return exec(...a);
    };
    return query;
  };
  return {
    /** Resolves once a matching query is being held. */
    reached,
    /** Lets held (and later) queries go, and stops gating. */
    release() {
      target[method] = original;
      open();
    },
  };
}
