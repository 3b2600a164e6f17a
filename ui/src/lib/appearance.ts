// Light or dark: as the computer is set ("system", the default), or always one of them. The
// choice is kept in this window's localStorage and applied as <html data-theme="light|dark">;
// app.css has the two palettes.

export type Appearance = "system" | "light" | "dark";

export const APPEARANCE_KEY = "roster.appearance";

const CHOICES: readonly Appearance[] = ["system", "light", "dark"];

function isAppearance(value: unknown): value is Appearance {
  return typeof value === "string" && (CHOICES as readonly string[]).includes(value);
}

/** localStorage, or null where it cannot be used (storage turned off: the choice is not kept). */
function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The saved choice; "system" when nothing (or something unknown) is saved. */
export function savedAppearance(store: Storage | null = storage()): Appearance {
  try {
    const value = store?.getItem(APPEARANCE_KEY);
    return isAppearance(value) ? value : "system";
  } catch {
    return "system";
  }
}

/** Shows the page in `choice`: sets data-theme, or removes it to follow the computer. */
export function applyAppearance(choice: Appearance, root: HTMLElement = document.documentElement): void {
  if (choice === "system") root.removeAttribute("data-theme");
  else root.setAttribute("data-theme", choice);
}

/** Keeps `choice` for the next start and applies it now. */
export function chooseAppearance(
  choice: Appearance,
  store: Storage | null = storage(),
  root: HTMLElement = document.documentElement,
): void {
  try {
    if (choice === "system") store?.removeItem(APPEARANCE_KEY);
    else store?.setItem(APPEARANCE_KEY, choice);
  } catch {
    // Storage full or turned off: the choice still applies until Roster closes.
  }
  applyAppearance(choice, root);
}

/** At start-up: the saved choice, applied before the first screen shows. */
export function applySavedAppearance(): Appearance {
  const choice = savedAppearance();
  applyAppearance(choice);
  return choice;
}
