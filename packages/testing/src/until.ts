/** Polls `fn` until `ok` holds or `ms` pass; returns the last value either way. */
export async function until<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  ms = 30_000,
  everyMs = 100,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
