import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { APPEARANCE_KEY } from "./appearance";
import type { OrgSummary } from "./bindings";
import SettingsScreen from "./SettingsScreen.svelte";

const acme: OrgSummary = { name: "Acme", kind: "jumpcloud", location: "JumpCloud, United States region" };

function quietBackend() {
  mockIPC((cmd) => {
    switch (cmd) {
      case "saved_orgs":
      case "scheduled_list":
      case "protected_list":
        return [];
      default:
        throw new Error(`unexpected ${cmd}`);
    }
  });
}

function radio(testid: string): HTMLInputElement {
  return screen.getByTestId(testid) as HTMLInputElement;
}

afterEach(() => {
  localStorage.clear();
  document.documentElement.removeAttribute("data-theme");
});

describe("Settings → Appearance", () => {
  it("matches the computer unless told otherwise", () => {
    quietBackend();
    render(SettingsScreen, { org: acme });
    const group = screen.getByRole("radiogroup", { name: "Appearance" });
    expect(group).toBeTruthy();
    expect(radio("appearance-system").checked).toBe(true);
    expect(radio("appearance-light").checked).toBe(false);
    expect(radio("appearance-dark").checked).toBe(false);
    expect(screen.getByRole("radio", { name: /Match my computer/ })).toBe(radio("appearance-system"));
    expect(document.documentElement.hasAttribute("data-theme")).toBe(false);
  });

  it("switches at once, keeps the choice, and can follow the computer again", async () => {
    quietBackend();
    render(SettingsScreen, { org: acme });

    await fireEvent.click(radio("appearance-dark"));
    expect(document.documentElement.getAttribute("data-theme")).toBe("dark");
    expect(localStorage.getItem(APPEARANCE_KEY)).toBe("dark");

    await fireEvent.click(radio("appearance-light"));
    expect(document.documentElement.getAttribute("data-theme")).toBe("light");
    expect(localStorage.getItem(APPEARANCE_KEY)).toBe("light");

    await fireEvent.click(radio("appearance-system"));
    expect(document.documentElement.hasAttribute("data-theme")).toBe(false);
    expect(localStorage.getItem(APPEARANCE_KEY)).toBeNull();
  });

  it("shows the saved choice when Settings opens", () => {
    localStorage.setItem(APPEARANCE_KEY, "dark");
    quietBackend();
    render(SettingsScreen, { org: acme });
    expect(radio("appearance-dark").checked).toBe(true);
  });
});
