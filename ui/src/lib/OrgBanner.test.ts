import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { expectNoAxeViolations, shownText } from "../test-utils";
import type { OrgSummary, SavedOrgView } from "./bindings";
import OrgBanner from "./OrgBanner.svelte";

const acme: OrgSummary = {
  name: "Acme",
  kind: "jumpcloud",
  location: "JumpCloud, European Union region",
  savedId: "eu-1",
};
const practice: OrgSummary = { name: "Northwind (practice)", kind: "practice", location: "On this computer" };
const saved: SavedOrgView[] = [
  { id: "eu-1", name: "Acme", regionLabel: "European Union" },
  { id: "us-2", name: "Beta Ltd", regionLabel: "United States" },
];

/** The banner on `org`, with a backend that records every switch. */
function banner(org: OrgSummary) {
  const switches: { cmd: string; args: unknown }[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "saved_orgs") return saved;
    if (cmd === "open_practice_org" || cmd === "switch_org") {
      switches.push({ cmd, args });
      return cmd === "open_practice_org" ? practice : acme;
    }
    throw new Error(`unexpected ${cmd}`);
  });
  const onopened = vi.fn();
  const onconnect = vi.fn();
  render(OrgBanner, { org, onopened, onconnect, onclosed: vi.fn() });
  return { switches, onopened, onconnect };
}

/** Let the saved organizations arrive (the banner asks for them when it opens). */
async function savedLoaded() {
  await new Promise((resolve) => setTimeout(resolve, 0));
}

async function key(name: string) {
  await fireEvent.keyDown(document.activeElement ?? document.body, { key: name });
}

describe("the organization switcher", () => {
  it("never switches on arrow keys: they only move through the menu", async () => {
    const { switches, onopened } = banner(acme);
    await savedLoaded();
    await expectNoAxeViolations(document.body, "the banner");
    const button = screen.getByTestId("org-switcher");
    expect(button.getAttribute("aria-haspopup")).toBe("menu");
    button.focus();
    await key("ArrowDown");
    expect(button.getAttribute("aria-expanded")).toBe("true");
    expect(screen.getByRole("menu", { name: "Organizations" })).toBeTruthy();
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("org-option-eu-1")));
    expect(screen.getByTestId("org-option-eu-1").getAttribute("aria-checked")).toBe("true");
    await expectNoAxeViolations(document.body, "the Organization menu");
    await key("ArrowDown");
    expect(document.activeElement).toBe(screen.getByTestId("org-option-us-2"));
    await key("ArrowDown");
    expect(document.activeElement).toBe(screen.getByTestId("org-option-practice"));
    await key("End");
    expect(document.activeElement).toBe(screen.getByTestId("org-option-connect"));
    await key("ArrowDown");
    expect(document.activeElement).toBe(screen.getByTestId("org-option-eu-1"));
    expect(switches).toEqual([]);
    expect(onopened).not.toHaveBeenCalled();

    // Esc closes the menu, back on its button, still in Acme.
    await key("Escape");
    expect(screen.queryByRole("menu")).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(button.getAttribute("aria-expanded")).toBe("false");
    expect(switches).toEqual([]);

    // A choice switches: into the practice organization without asking.
    await fireEvent.click(button);
    await fireEvent.click(await screen.findByTestId("org-option-practice"));
    await vi.waitFor(() => expect(onopened).toHaveBeenCalledWith(practice));
    expect(switches.map((s) => s.cmd)).toEqual(["open_practice_org"]);
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("closes the menu on a click elsewhere, switching nothing", async () => {
    const { switches } = banner(acme);
    await fireEvent.click(screen.getByTestId("org-switcher"));
    expect(await screen.findByRole("menu")).toBeTruthy();
    await fireEvent.pointerDown(document.body);
    expect(screen.queryByRole("menu")).toBeNull();
    expect(switches).toEqual([]);
  });

  it("closes the menu on Tab, as the other menus do, switching nothing", async () => {
    const { switches } = banner(acme);
    await savedLoaded();
    const button = screen.getByTestId("org-switcher");
    button.focus();
    await key("ArrowUp");
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("org-option-connect")));
    await fireEvent.keyDown(document.activeElement ?? document.body, { key: "Tab", shiftKey: true });
    expect(screen.queryByRole("menu")).toBeNull();
    expect(button.getAttribute("aria-expanded")).toBe("false");
    expect(switches).toEqual([]);
  });

  it("asks before leaving the practice organization for a real one", async () => {
    const { switches, onopened } = banner(practice);
    const button = screen.getByTestId("org-switcher");
    await fireEvent.click(button);
    await fireEvent.click(await screen.findByTestId("org-option-eu-1"));
    const dialog = screen.getByRole("dialog", { name: "Leave the practice organization?" });
    expect(dialog.getAttribute("data-testid")).toBe("confirm-leave-practice");
    expect(shownText(dialog)).toContain(
      "You are leaving the practice organization. Changes in Acme are real",
    );
    // The dialog's banner is the real organization's, not the practice one's.
    expect(screen.getByTestId("confirm-org").classList.contains("practice")).toBe(false);
    expect(switches).toEqual([]);
    await expectNoAxeViolations(document.body, "the dialog that leaves the practice organization");

    // Esc: nothing happens, and focus is back on the switcher.
    await key("Escape");
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(switches).toEqual([]);
    expect(onopened).not.toHaveBeenCalled();

    await fireEvent.click(button);
    await fireEvent.click(await screen.findByTestId("org-option-eu-1"));
    await fireEvent.click(screen.getByTestId("confirm-leave-practice-button"));
    await vi.waitFor(() => expect(onopened).toHaveBeenCalledWith(acme));
    expect(switches).toEqual([{ cmd: "switch_org", args: { id: "eu-1" } }]);
  });

  it("offers connecting another organization", async () => {
    const { switches, onconnect } = banner(acme);
    await fireEvent.click(screen.getByTestId("org-switcher"));
    await fireEvent.click(await screen.findByTestId("org-option-connect"));
    expect(onconnect).toHaveBeenCalledOnce();
    expect(switches).toEqual([]);
  });
});
