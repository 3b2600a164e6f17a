/**
 * The built app is not a browser: right-click shows no Back / Reload / Inspect menu.
 * `built` is true in the packaged app (Vite's production build).
 */
export function withoutBrowserMenu(target: EventTarget, built: boolean): void {
  if (!built) return;
  target.addEventListener("contextmenu", (event) => event.preventDefault());
}
