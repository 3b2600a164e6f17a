// The rows of the file being imported, fetched from Rust a window at a time (a file may have
// 100,000 rows: they stay in Rust, only the windows the admin scrolls to are asked for, and
// each is kept until the rows change).

import { SvelteMap } from "svelte/reactivity";
import { type AppError, commands, type RowFilter, type RowsPage, type RowView } from "../bindings";

/** Rows per window asked for. */
export const WINDOW = 200;

export class ImportRows {
  /** Windows by number (window n holds the filter's rows from n × WINDOW). */
  readonly windows = new SvelteMap<number, RowView[]>();
  /** How many rows the filter shows. */
  total = $state(0);
  filter = $state<RowFilter>("all");
  /** An answer for the current filter arrived. */
  ready = $state(false);
  /** Any answer arrived (the grid stays on screen from then on, through filter changes). */
  loaded = $state(false);
  /** Counts the calls of `show`: each one starts again from the top. */
  shown = $state(0);
  error = $state<AppError | null>(null);

  #generation = 0;
  #disposed = false;
  #asked = new Map<number, Promise<void>>();
  /** The windows the grid last asked for (in view, and the active row's): a refresh asks again. */
  #wanted: number[] = [0];
  /** The windows answered since the last show or refresh. */
  #fresh = new Set<number>();

  /** Show a filter's rows, from the top. */
  show(filter: RowFilter): Promise<void> {
    this.filter = filter;
    this.shown += 1;
    this.#generation += 1;
    this.#asked = new Map();
    this.#fresh = new Set();
    this.#wanted = [0];
    this.ready = false;
    this.windows.clear();
    return this.#fetch([0], true);
  }

  /**
   * Ask again for the windows in view (the rows changed: an edit, a row left out, another
   * sheet or mapping, a check against the organization). What is shown stays until the
   * answers arrive, and then all of it is replaced at once; the other windows are dropped.
   */
  refresh(): Promise<void> {
    this.#generation += 1;
    this.#asked = new Map();
    this.#fresh = new Set();
    const last = Math.max(0, Math.floor((this.total - 1) / WINDOW));
    const wanted = this.ready ? this.#wanted.filter((w) => w <= last) : [];
    return this.#fetch(wanted.length > 0 ? wanted : [0], true);
  }

  /** The screen is gone: ask for nothing more, and drop answers still on their way. */
  dispose() {
    this.#disposed = true;
    this.#generation += 1;
  }

  /** The row at an index among the filter's rows, once its window arrived. */
  row(index: number): RowView | undefined {
    if (index < 0 || index >= this.total) return undefined;
    return this.windows.get(Math.floor(index / WINDOW))?.[index % WINDOW];
  }

  /** Make sure the windows holding rows `first`…`last` (and the row `also`) are asked for. */
  ensure(first: number, last: number, also?: number): Promise<void> {
    if (!this.ready || this.total === 0) return Promise.resolve();
    const wanted = new Set<number>();
    const lastRow = Math.min(last, this.total - 1);
    for (let w = Math.max(0, Math.floor(first / WINDOW)); w <= Math.floor(lastRow / WINDOW); w++) {
      wanted.add(w);
    }
    if (also !== undefined && also >= 0 && also < this.total) wanted.add(Math.floor(also / WINDOW));
    this.#wanted = [...wanted].sort((a, b) => a - b);
    const waits: Promise<void>[] = [];
    for (const w of this.#wanted) {
      if (this.windows.has(w)) continue;
      waits.push(this.#asked.get(w) ?? this.#fetch([w]));
    }
    return Promise.all(waits).then(() => undefined);
  }

  /**
   * Ask for windows; their answers are applied together. With `replace` (a new filter, a
   * refresh), the windows kept from before are dropped when they arrive.
   */
  #fetch(wanted: number[], replace = false): Promise<void> {
    if (this.#disposed) return Promise.resolve();
    const filter = this.filter;
    const generation = this.#generation;
    let asked: Promise<void> = Promise.resolve();
    asked = (async () => {
      let answers: Awaited<ReturnType<typeof commands.importRows>>[];
      try {
        answers = await Promise.all(wanted.map((w) => commands.importRows(filter, w * WINDOW, WINDOW)));
      } catch {
        // The window is going away (or the app is): nobody is waiting for these rows.
        for (const w of wanted) if (this.#asked.get(w) === asked) this.#asked.delete(w);
        if (!this.#disposed && generation === this.#generation) {
          this.error = {
            code: "internal",
            message: "Roster could not show the rows. Close the file and open it again.",
          };
        }
        return;
      }
      if (generation !== this.#generation || this.#disposed) return;
      const pages: RowsPage[] = [];
      for (const answer of answers) {
        if (answer.status === "error") {
          for (const w of wanted) if (this.#asked.get(w) === asked) this.#asked.delete(w);
          this.error = answer.error;
          return;
        }
        pages.push(answer.data);
      }
      const total = pages.at(-1)?.total ?? 0;
      if (this.ready && total !== this.total) {
        // The rows changed under us: nothing kept is in this order any more.
        this.windows.clear();
        this.#fresh = new Set();
      } else if (replace) {
        for (const w of [...this.windows.keys()]) if (!this.#fresh.has(w)) this.windows.delete(w);
      }
      wanted.forEach((w, k) => {
        this.windows.set(w, pages[k]?.rows ?? []);
        this.#fresh.add(w);
      });
      this.total = total;
      this.error = null;
      this.ready = true;
      this.loaded = true;
    })();
    for (const w of wanted) this.#asked.set(w, asked);
    return asked;
  }
}
