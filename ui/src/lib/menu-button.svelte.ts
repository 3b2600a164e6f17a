// The WAI-ARIA menu button, shared by every menu (Help, "+ Add people", Switch organization):
// the button opens the menu with focus on its first item (the last with ArrowUp); arrow keys,
// Home and End move; Esc closes and puts focus back on the button; Tab, or focus or a click
// landing outside, closes. Each menu keeps its own items and what they do.
import { tick } from "svelte";
import { menuItems, menuMove } from "./menu";

export class MenuButton {
  open = $state(false);
  /** The element holding the button and the menu: focus or a click outside it closes the menu. */
  wrap = $state<HTMLElement | null>(null);
  button = $state<HTMLButtonElement | null>(null);
  /** The element with role="menu". */
  popup = $state<HTMLElement | null>(null);

  /** Whether the menu may open now (not while what it would change is under way). */
  readonly #canOpen: () => boolean;

  constructor(canOpen: () => boolean = () => true) {
    this.#canOpen = canOpen;
  }

  /** Opens the menu with focus on its first (or last) item. Nothing is chosen until one is. */
  show = async (at: "first" | "last" = "first") => {
    if (!this.#canOpen()) return;
    this.open = true;
    await tick();
    const all = menuItems(this.popup);
    (at === "first" ? all[0] : all[all.length - 1])?.focus();
  };

  /** Closes the menu; with `refocus`, focus goes back on the button. */
  close = (refocus: boolean) => {
    this.open = false;
    if (refocus) this.button?.focus();
  };

  /** The button's click. */
  toggle = () => {
    if (this.open) this.close(true);
    else void this.show();
  };

  /** The button's keys: ArrowDown opens on the first item, ArrowUp on the last. */
  onButtonKey = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      void this.show(event.key === "ArrowDown" ? "first" : "last");
    }
  };

  /** The menu's keys: arrows, Home and End move; Esc and Tab close. Enter, Space or a click chooses. */
  onMenuKey = (event: KeyboardEvent) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      this.close(true);
      return;
    }
    if (event.key === "Tab") {
      this.close(false);
      return;
    }
    const all = menuItems(this.popup);
    const next = menuMove(event.key, all.indexOf(document.activeElement as HTMLElement), all.length);
    if (next === null) return;
    event.preventDefault();
    all[next]?.focus();
  };

  /** The wrap's focusout: focus went on elsewhere, so the menu closes. */
  onFocusOut = (event: FocusEvent) => {
    const to = event.relatedTarget;
    if (this.open && to instanceof Node && !this.wrap?.contains(to)) this.close(false);
  };

  /** The document's pointerdown: a click outside closes the menu. */
  onPointerDown = (event: PointerEvent) => {
    if (this.open && event.target instanceof Node && !this.wrap?.contains(event.target)) this.close(false);
  };
}
