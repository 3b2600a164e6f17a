// The WAI-ARIA menu button's keys, shared by every menu: which item an arrow, Home or End
// moves to, and the items of a menu element.

/** The menu's items (menuitem, menuitemradio, menuitemcheckbox), in order. */
export function menuItems(menu: HTMLElement | null): HTMLElement[] {
  return Array.from(menu?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? []);
}

/** The index `key` moves to from `at` among `count` items (wrapping), or null for other keys. */
export function menuMove(key: string, at: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case "ArrowDown":
      return (at + 1) % count;
    case "ArrowUp":
      return (at - 1 + count) % count;
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return null;
  }
}
