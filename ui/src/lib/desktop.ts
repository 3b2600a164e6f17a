/** Inputs that hold no text to copy or paste into (a checkbox, a button): no menu on them. */
const NOT_TEXT = new Set([
  "button",
  "checkbox",
  "color",
  "file",
  "hidden",
  "image",
  "radio",
  "range",
  "reset",
  "submit",
]);

/**
 * Whether a right-click on `target` keeps the browser's menu in the built app: only in a field
 * that takes typing (a text input, a text area, an editable area), where Cut, Copy and Paste
 * are useful.
 */
export function keepsBrowserMenu(target: EventTarget | null): boolean {
  const element = target instanceof Element ? target : target instanceof Node ? target.parentElement : null;
  if (!element) return false;
  if (element instanceof HTMLTextAreaElement) return true;
  if (element instanceof HTMLInputElement) return !NOT_TEXT.has(element.type);
  const editable = element.closest("[contenteditable]");
  return editable !== null && editable.getAttribute("contenteditable") !== "false";
}

/**
 * The built app is not a browser: right-click shows no Back / Reload / Inspect menu, except in
 * a field that takes typing (see `keepsBrowserMenu`). `built` is true in the packaged app
 * (Vite's production build).
 */
export function withoutBrowserMenu(target: EventTarget, built: boolean): void {
  if (!built) return;
  target.addEventListener("contextmenu", (event) => {
    if (!keepsBrowserMenu(event.target)) event.preventDefault();
  });
}
