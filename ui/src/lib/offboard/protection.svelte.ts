// The people Roster never suspends or deletes in the open organization (kept by Rust, per
// organization): read when the people list, a profile or Settings opens, and when an
// offboarding is checked. Forgotten when another organization opens.

import { SvelteSet } from "svelte/reactivity";
import { type AppError, commands, type ProtectedPerson } from "../bindings";

export class ProtectedPeople {
  list = $state<ProtectedPerson[]>([]);
  readonly ids = new SvelteSet<string>();
  /** The list has been read at least once. */
  loaded = $state(false);
  /** Reading the list, or changing it, failed. */
  error = $state<AppError | null>(null);
  /** A change is being saved. */
  busy = $state(false);

  has(id: string): boolean {
    return this.ids.has(id);
  }

  async load(): Promise<void> {
    const result = await commands.protectedList();
    if (result.status === "ok") {
      this.error = null;
      this.#take(result.data);
    } else this.error = result.error;
  }

  /** Protect someone (or not); true when saved. */
  async set(id: string, protect: boolean): Promise<boolean> {
    this.busy = true;
    this.error = null;
    const result = await commands.protectedSet(id, protect);
    this.busy = false;
    if (result.status === "error") {
      this.error = result.error;
      return false;
    }
    this.#take(result.data);
    return true;
  }

  reset() {
    this.list = [];
    this.ids.clear();
    this.loaded = false;
    this.error = null;
    this.busy = false;
  }

  #take(list: ProtectedPerson[]) {
    this.list = list;
    this.ids.clear();
    for (const p of list) this.ids.add(p.id);
    this.loaded = true;
  }
}

export const protectedPeople = new ProtectedPeople();
