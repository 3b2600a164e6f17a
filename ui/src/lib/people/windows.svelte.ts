// The people list's rows, fetched from Rust a window at a time (the organization may have
// 50,000 people: only the windows the admin scrolls to are asked for, and each is kept).

import { SvelteMap } from "svelte/reactivity";
import { type AppError, commands, type PersonRow } from "../bindings";
import type { PeopleFilter } from "../router.svelte";

/** Rows per window asked for. */
export const WINDOW = 200;

export class PeopleWindows {
  /** Windows by number (window n holds the matching rows from n × WINDOW). */
  readonly windows = new SvelteMap<number, PersonRow[]>();
  /** How many match the filter, and how many people the organization has. */
  matching = $state(0);
  total = $state(0);
  /** When Roster read the organization (RFC 3339). */
  loadedAt = $state("");
  /** An answer for the current filter arrived. */
  ready = $state(false);
  /** Waiting for the first answer of all (Roster reads the whole organization). */
  firstLoad = $state(true);
  /** Waiting for the current filter's first window. */
  refreshing = $state(false);
  error = $state<AppError | null>(null);

  #filter: PeopleFilter | null = null;
  #key = "";
  #generation = 0;
  #asked = new Map<number, Promise<void>>();

  /** Show another filter (or the same again after a reload, with `force`). */
  show(filter: PeopleFilter, force = false) {
    const key = JSON.stringify(filter);
    if (key === this.#key && !force) return;
    this.#key = key;
    this.#filter = filter;
    this.#generation += 1;
    this.#asked = new Map();
    this.ready = false;
    this.refreshing = true;
    void this.#fetch(0, true);
  }

  /** Ask again for everything shown (after Roster read the organization again). */
  reload() {
    if (this.#filter) this.show(this.#filter, true);
  }

  /** The row at an index among the matching, once its window arrived. */
  row(index: number): PersonRow | undefined {
    return this.windows.get(Math.floor(index / WINDOW))?.[index % WINDOW];
  }

  /** Make sure the windows holding rows `first`…`last` are asked for. */
  ensure(first: number, last: number): Promise<void> {
    if (!this.ready || this.matching === 0) return Promise.resolve();
    const from = Math.max(0, Math.floor(first / WINDOW));
    const to = Math.floor(Math.min(last, this.matching - 1) / WINDOW);
    const waits: Promise<void>[] = [];
    for (let w = from; w <= to; w++) {
      if (this.windows.has(w)) continue;
      waits.push(this.#asked.get(w) ?? this.#fetch(w, false));
    }
    return Promise.all(waits).then(() => undefined);
  }

  /** The ids of the rows `a`…`b` (either order), fetching the windows not here yet. */
  async idsBetween(a: number, b: number): Promise<string[]> {
    const first = Math.max(0, Math.min(a, b));
    const last = Math.min(Math.max(a, b), this.matching - 1);
    await this.ensure(first, last);
    const ids: string[] = [];
    for (let i = first; i <= last; i++) {
      const row = this.row(i);
      if (row) ids.push(row.id);
    }
    return ids;
  }

  #fetch(w: number, replace: boolean): Promise<void> {
    const filter = this.#filter;
    if (!filter) return Promise.resolve();
    const generation = this.#generation;
    let asked: Promise<void> = Promise.resolve();
    asked = (async () => {
      const result = await commands.peopleQuery(filter, w * WINDOW, WINDOW);
      if (generation !== this.#generation) return;
      if (result.status === "error") {
        this.#asked.delete(w);
        this.error = result.error;
        this.refreshing = false;
        return;
      }
      const page = result.data;
      this.error = null;
      if (replace || page.matching !== this.matching) {
        // A new filter, or the list changed under us: what was kept is not in this order.
        this.windows.clear();
        this.#asked = new Map([[w, asked]]);
      }
      this.windows.set(w, page.rows);
      this.matching = page.matching;
      this.total = page.total;
      this.loadedAt = page.loadedAt;
      this.ready = true;
      this.firstLoad = false;
      this.refreshing = false;
    })();
    this.#asked.set(w, asked);
    return asked;
  }
}
