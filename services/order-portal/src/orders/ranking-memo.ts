/**
 * Rankings reused between searches: a ranking depends only on the registry view it was made from,
 * the search's criteria and settings, and the time (through staleness alone, see
 * `rankingHoldsUntilMs` in packages/domain). So while the view is the same object (it is rebuilt on
 * any change of an offer or of the day), the key is the same and the moment is before the
 * ranking's own `holdsUntilMs`, a search — a case worker paging, filtering, searching again —
 * gets the ranking already made instead of ranking the registry again.
 *
 * Kept per view in a WeakMap: a view that is replaced takes its rankings with it. At most `max`
 * rankings per view, the least recently used dropped first.
 */
type Ranking<V> = { value: V; holdsUntilMs: number };

export class RankingMemo<V> {
  private readonly byView = new WeakMap<object, Map<string, Ranking<V>>>();

  constructor(private readonly max = 256) {}

  get(view: object, key: string, nowMs: number, rank: () => { value: V; holdsUntilMs: number }): V {
    let rankings = this.byView.get(view);
    if (!rankings) this.byView.set(view, (rankings = new Map<string, Ranking<V>>()));
    const hit = rankings.get(key);
    if (hit) rankings.delete(key); // re-inserted below: the Map's order is the order of use
    if (hit && nowMs <= hit.holdsUntilMs) {
      rankings.set(key, hit);
      return hit.value;
    }
    const made = rank();
    if (rankings.size >= this.max) rankings.delete(rankings.keys().next().value!);
    rankings.set(key, made);
    return made.value;
  }
}
