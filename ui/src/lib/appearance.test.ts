import { afterEach, describe, expect, it } from "vitest";
import {
  APPEARANCE_KEY,
  applyAppearance,
  applySavedAppearance,
  chooseAppearance,
  savedAppearance,
} from "./appearance";

const root = document.documentElement;

afterEach(() => {
  localStorage.clear();
  root.removeAttribute("data-theme");
});

describe("the appearance", () => {
  it("matches the computer when nothing is saved, or something unknown is", () => {
    expect(savedAppearance()).toBe("system");
    localStorage.setItem(APPEARANCE_KEY, "purple");
    expect(savedAppearance()).toBe("system");
    expect(savedAppearance(null)).toBe("system");
  });

  it("is kept under roster.appearance and applied as data-theme", () => {
    chooseAppearance("dark");
    expect(localStorage.getItem("roster.appearance")).toBe("dark");
    expect(root.getAttribute("data-theme")).toBe("dark");
    expect(savedAppearance()).toBe("dark");

    chooseAppearance("light");
    expect(localStorage.getItem("roster.appearance")).toBe("light");
    expect(root.getAttribute("data-theme")).toBe("light");
  });

  it("follows the computer again: the attribute and the saved choice go", () => {
    chooseAppearance("dark");
    chooseAppearance("system");
    expect(localStorage.getItem(APPEARANCE_KEY)).toBeNull();
    expect(root.hasAttribute("data-theme")).toBe(false);
  });

  it("is applied at start-up from what was saved", () => {
    localStorage.setItem(APPEARANCE_KEY, "light");
    expect(applySavedAppearance()).toBe("light");
    expect(root.getAttribute("data-theme")).toBe("light");
  });

  it("still applies when storage refuses it", () => {
    const refusing = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("full");
      },
      removeItem: () => {},
    } as unknown as Storage;
    chooseAppearance("dark", refusing);
    expect(root.getAttribute("data-theme")).toBe("dark");
    expect(savedAppearance(refusing)).toBe("system");
    applyAppearance("system");
    expect(root.hasAttribute("data-theme")).toBe(false);
  });
});
