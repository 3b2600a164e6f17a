// Who the admin has picked in the people list, by JumpCloud user id. Kept outside the list so
// the picks survive opening a profile and coming Back, and so later screens (bulk changes)
// can work on them. Cleared when another organization opens.

import { SvelteSet } from "svelte/reactivity";

export class PeopleSelection {
  readonly ids = new SvelteSet<string>();

  get count(): number {
    return this.ids.size;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Pick someone, or unpick them if they were picked. */
  toggle(id: string) {
    if (this.ids.has(id)) this.ids.delete(id);
    else this.ids.add(id);
  }

  set(id: string, picked: boolean) {
    if (picked) this.ids.add(id);
    else this.ids.delete(id);
  }

  add(ids: Iterable<string>) {
    for (const id of ids) this.ids.add(id);
  }

  remove(ids: Iterable<string>) {
    for (const id of ids) this.ids.delete(id);
  }

  clear() {
    this.ids.clear();
  }

  /** The picked ids, in the order they were picked. */
  list(): string[] {
    return [...this.ids];
  }
}

export const selection = new PeopleSelection();
