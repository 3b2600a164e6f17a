import { describe, expect, it } from "vitest";
import { withoutBrowserMenu } from "./desktop";

function rightClick(target: EventTarget): boolean {
  const event = new MouseEvent("contextmenu", { bubbles: true, cancelable: true });
  return target.dispatchEvent(event);
}

describe("the browser menu", () => {
  it("is gone in the built app", () => {
    const page = new EventTarget();
    withoutBrowserMenu(page, true);
    expect(rightClick(page)).toBe(false);
  });

  it("stays while developing", () => {
    const page = new EventTarget();
    withoutBrowserMenu(page, false);
    expect(rightClick(page)).toBe(true);
  });
});
