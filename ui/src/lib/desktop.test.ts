import { afterEach, describe, expect, it } from "vitest";
import { keepsBrowserMenu, withoutBrowserMenu } from "./desktop";

function rightClick(target: EventTarget): boolean {
  const event = new MouseEvent("contextmenu", { bubbles: true, cancelable: true });
  return target.dispatchEvent(event);
}

function html(markup: string): HTMLElement {
  const box = document.createElement("div");
  box.innerHTML = markup;
  document.body.append(box);
  return box;
}

afterEach(() => {
  document.body.replaceChildren();
});

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

  it("stays in the built app on a field that takes typing, for Cut, Copy and Paste", () => {
    const box = html(`
      <p id="words">Some words</p>
      <button id="button">Save</button>
      <input id="text" type="text" />
      <input id="search" type="search" />
      <input id="check" type="checkbox" />
      <textarea id="area"></textarea>
      <div contenteditable="true"><span id="inside">typed</span></div>
    `);
    withoutBrowserMenu(box, true);
    const at = (id: string) => box.querySelector(`#${id}`) as Element;
    expect(rightClick(at("words"))).toBe(false);
    expect(rightClick(at("button"))).toBe(false);
    expect(rightClick(at("check"))).toBe(false);
    expect(rightClick(at("text"))).toBe(true);
    expect(rightClick(at("search"))).toBe(true);
    expect(rightClick(at("area"))).toBe(true);
    expect(rightClick(at("inside"))).toBe(true);
  });
});

describe("keepsBrowserMenu", () => {
  it("says yes only for text fields and editable areas", () => {
    const box = html(`
      <input id="password" type="password" />
      <input id="plain" />
      <input id="radio" type="radio" />
      <div contenteditable="false"><span id="not-editable">fixed</span></div>
      <div contenteditable=""><b id="editable">typed</b></div>
      <a id="link" href="#x">a link</a>
    `);
    const at = (id: string) => box.querySelector(`#${id}`);
    expect(keepsBrowserMenu(at("password"))).toBe(true);
    expect(keepsBrowserMenu(at("plain"))).toBe(true);
    expect(keepsBrowserMenu(at("radio"))).toBe(false);
    expect(keepsBrowserMenu(at("not-editable"))).toBe(false);
    expect(keepsBrowserMenu(at("editable"))).toBe(true);
    expect(keepsBrowserMenu(at("link"))).toBe(false);
    expect(keepsBrowserMenu(at("editable")?.firstChild ?? null)).toBe(true);
    expect(keepsBrowserMenu(null)).toBe(false);
    expect(keepsBrowserMenu(window)).toBe(false);
  });
});
