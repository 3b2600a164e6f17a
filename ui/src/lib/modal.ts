// A modal dialog's focus, shared by every dialog: put on the dialog's box as `{@attach modal(…)}`.
// When the box appears, focus moves to the element marked data-first-focus (or else the first
// control); Tab and Shift+Tab go round inside it; focus that wanders outside (a click on the page
// behind) comes back; Esc asks to close; and when the box goes, focus returns to what opened it.
import type { Attachment } from "svelte/attachments";
import { on } from "svelte/events";

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

/** The controls in `box` that Tab stops at, in order. */
function focusable(box: HTMLElement): HTMLElement[] {
  return Array.from(box.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (el) => !el.hasAttribute("disabled") && el.tabIndex !== -1,
  );
}

/** The safe choice first: the element marked data-first-focus, or else the first control. */
function focusFirst(box: HTMLElement) {
  (box.querySelector<HTMLElement>("[data-first-focus]") ?? focusable(box)[0])?.focus();
}

/** `onescape`: what Esc does (closes the dialog, unless it must wait). */
export function modal(onescape: () => void): Attachment<HTMLElement> {
  return (box) => {
    const opener = document.activeElement;
    /** Closing: focus goes back to what opened the dialog, and is no longer held. */
    let closing = false;
    let refocusing = false;

    function onkeydown(event: KeyboardEvent) {
      if (event.key === "Escape") {
        event.preventDefault();
        onescape();
        return;
      }
      if (event.key !== "Tab") return;
      const items = focusable(box);
      const first = items[0];
      const last = items[items.length - 1];
      if (!first || !last) return;
      const active = document.activeElement;
      const inside = box.contains(active);
      if (event.shiftKey && (active === first || !inside)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (active === last || !inside)) {
        event.preventDefault();
        first.focus();
      }
    }

    /** Focus that wanders outside (a click on the page behind) comes back. */
    function onfocusin(event: FocusEvent) {
      if (closing || refocusing || !box.isConnected) return;
      if (event.target instanceof Node && !box.contains(event.target)) {
        refocusing = true;
        focusFirst(box);
        refocusing = false;
      }
    }

    const offKeydown = on(window, "keydown", onkeydown);
    const offFocusin = on(document, "focusin", onfocusin);
    focusFirst(box);
    return () => {
      closing = true;
      offKeydown();
      offFocusin();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  };
}
