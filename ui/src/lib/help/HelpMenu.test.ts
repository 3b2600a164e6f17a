import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { expectNoAxeViolations, shownText } from "../../test-utils";
import file from "../about/licences.json";
import type { AboutInfo, AppError, UpdateCheck } from "../bindings";
import NavBar from "../NavBar.svelte";
import HelpMenu from "./HelpMenu.svelte";
import { updates } from "./updates.svelte";

const about: AboutInfo = {
  name: "Roster",
  version: "1.2.0",
  os: "Windows 11 (x86_64)",
  logsFolder: "C:\\Users\\ada\\AppData\\Local\\Roster\\logs",
};

const PACKAGES = file.crates.length + file.npm.length;

/** A fake backend for the Help items: each answers as given, and the calls are recorded. */
function backend(answers: Record<string, () => unknown>) {
  const calls: string[] = [];
  mockIPC((cmd) => {
    calls.push(cmd);
    const answer = answers[cmd];
    if (!answer) throw new Error(`unexpected command ${cmd}`);
    return answer();
  });
  return calls;
}

function refuse(error: AppError): () => never {
  return () => {
    throw error;
  };
}

async function choose(testid: string) {
  await fireEvent.click(screen.getByTestId("help-menu"));
  await fireEvent.click(await screen.findByTestId(testid));
}

describe("the Help menu", () => {
  it("is a menu button at the right end of the top bar", async () => {
    backend({});
    render(NavBar, { route: { name: "settings" } });
    const nav = screen.getByRole("navigation", { name: "Sections" });
    const button = within(nav).getByTestId("help-menu");
    expect(nav.lastElementChild?.contains(button)).toBe(true);
    expect(button.getAttribute("aria-haspopup")).toBe("menu");
    expect(button.getAttribute("aria-expanded")).toBe("false");
    expect(shownText(button)).toBe("Help ▾");
    expect(screen.getByRole("button", { name: "Help" })).toBe(button);
  });

  it("opens, moves and closes from the keyboard", async () => {
    backend({});
    const { container } = render(HelpMenu);
    const button = screen.getByTestId("help-menu");
    await fireEvent.keyDown(button, { key: "ArrowDown" });
    const menu = await screen.findByRole("menu", { name: "Help" });
    expect(button.getAttribute("aria-expanded")).toBe("true");
    const items = within(menu).getAllByRole("menuitem");
    expect(items.map((i) => shownText(i))).toEqual([
      "Check for updates",
      "Open the logs folder",
      "Copy diagnostics",
      "About Roster",
    ]);
    expect(items.map((i) => i.dataset.testid)).toEqual([
      "help-updates",
      "help-logs",
      "help-diagnostics",
      "help-about",
    ]);
    expect(document.activeElement).toBe(items[0]);
    await expectNoAxeViolations(container, "the open Help menu");

    await fireEvent.keyDown(menu, { key: "ArrowDown" });
    expect(document.activeElement).toBe(items[1]);
    await fireEvent.keyDown(menu, { key: "End" });
    expect(document.activeElement).toBe(items[3]);
    await fireEvent.keyDown(menu, { key: "ArrowDown" });
    expect(document.activeElement).toBe(items[0]);
    await fireEvent.keyDown(menu, { key: "Escape" });
    expect(screen.queryByRole("menu")).toBeNull();
    expect(document.activeElement).toBe(button);

    await fireEvent.keyDown(button, { key: "ArrowUp" });
    expect(document.activeElement).toBe(within(await screen.findByRole("menu")).getByTestId("help-about"));
  });

  it("says Roster is up to date, with its version", async () => {
    const calls = backend({
      update_check: (): UpdateCheck => ({ current: "1.2.0", available: null }),
    });
    render(HelpMenu);
    await choose("help-updates");
    const status = screen.getByTestId("help-status");
    expect(status.getAttribute("role")).toBe("status");
    await screen.findByText("Roster is up to date (version 1.2.0).");
    expect(calls).toEqual(["update_check"]);
    expect(screen.queryByRole("menu")).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId("help-menu"));
    expect(updates.offer).toBeNull();

    await fireEvent.click(screen.getByTestId("help-status-close"));
    expect(shownText(status)).toBe("");
  });

  it("offers a newer Roster, even after its notice was closed", async () => {
    backend({
      update_check: (): UpdateCheck => ({
        current: "1.2.0",
        available: { version: "1.3.0", notes: null, date: null },
      }),
    });
    updates.offer = { version: "1.3.0", notes: null, date: null };
    updates.dismissed = true;
    render(HelpMenu);
    await choose("help-updates");
    await screen.findByText(/A newer Roster is ready: version 1\.3\.0\./);
    expect(updates.showing).toBe(true);
  });

  it("shows why it could not check", async () => {
    backend({
      update_check: refuse({ code: "offline", message: "Roster could not reach its update server." }),
    });
    render(HelpMenu);
    await choose("help-updates");
    const error = await screen.findByTestId("error");
    expect(shownText(error)).toContain("Roster could not reach its update server.");
    expect(shownText(screen.getByTestId("help-status"))).toBe("");
    await fireEvent.click(screen.getByTestId("help-error-close"));
    expect(screen.queryByTestId("error")).toBeNull();
  });

  it("opens the logs folder and says where it is", async () => {
    const calls = backend({ open_logs_folder: () => "/home/ada/.local/share/roster/logs" });
    const { container } = render(HelpMenu);
    await choose("help-logs");
    await screen.findByText("The logs folder is /home/ada/.local/share/roster/logs.");
    expect(calls).toEqual(["open_logs_folder"]);
    await expectNoAxeViolations(container, "Help's status line");
  });

  it("copies the diagnostics and says what to do with them", async () => {
    backend({ copy_diagnostics: () => "Roster 1.2.0\nWindows 11" });
    render(HelpMenu);
    await choose("help-diagnostics");
    await screen.findByText(
      "Diagnostics copied. Paste them into your message to the help desk. They hold no passwords, keys or people's details.",
    );
  });

  it("shows why the diagnostics could not be copied", async () => {
    backend({
      copy_diagnostics: refuse({ code: "internal", message: "Roster could not use the clipboard." }),
    });
    render(HelpMenu);
    await choose("help-diagnostics");
    expect(shownText(await screen.findByTestId("error"))).toContain("Roster could not use the clipboard.");
  });
});

describe("About Roster", () => {
  it("shows the version and the open-source packages, and closes with Esc", async () => {
    backend({ app_about: () => about });
    render(HelpMenu);
    const button = screen.getByTestId("help-menu");
    await choose("help-about");
    const dialog = await screen.findByTestId("about-dialog");
    expect(dialog.getAttribute("role")).toBe("dialog");
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(screen.getByRole("dialog", { name: "About Roster" })).toBe(dialog);
    expect(dialog.contains(document.activeElement)).toBe(true);

    expect(shownText(await screen.findByTestId("about-version"))).toBe("Roster version 1.2.0");
    expect(shownText(screen.getByTestId("about-os"))).toBe("Windows 11 (x86_64)");
    expect(shownText(screen.getByTestId("about-logs"))).toBe(about.logsFolder);
    const count = await screen.findByTestId("about-count");
    expect(shownText(count)).toContain(`Roster uses ${PACKAGES} open-source packages.`);
    // Every package, one row each (read straight from the table: role queries are slow on 600 rows).
    const table = screen.getByTestId("about-licences");
    expect(table.querySelectorAll("tbody tr")).toHaveLength(PACKAGES);
    const svelte = file.npm.find((p) => p.name === "svelte");
    const cells = [...table.querySelectorAll("tbody tr")].map((r) =>
      [...r.querySelectorAll("td")].map((td) => td.textContent).join(" "),
    );
    expect(cells).toContain(`svelte ${svelte?.version} ${svelte?.license}`);
    // Axe on a short list (the whole one takes seconds in jsdom).
    await fireEvent.input(screen.getByTestId("about-search"), { target: { value: "svelte" } });
    await expectNoAxeViolations(dialog, "About Roster");

    await fireEvent.keyDown(window, { key: "Escape" });
    expect(screen.queryByTestId("about-dialog")).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it("finds a package by name or licence", async () => {
    backend({ app_about: () => about });
    render(HelpMenu);
    await choose("help-about");
    const search = await screen.findByTestId("about-search");
    expect(screen.getByRole("searchbox", { name: "Find a package by name or licence" })).toBe(search);

    await fireEvent.input(search, { target: { value: "SVELTE" } });
    const table = screen.getByTestId("about-licences");
    const names = [...table.querySelectorAll("tbody tr td:first-child")].map((td) => td.textContent);
    expect(names).toContain("svelte");
    expect(names.every((n) => n?.toLowerCase().includes("svelte"))).toBe(true);
    expect(shownText(screen.getByTestId("about-shown"))).toBe(`Showing ${names.length} of ${PACKAGES}.`);

    await fireEvent.input(search, { target: { value: "MPL-2.0" } });
    const mpl = [...file.crates, ...file.npm].filter((p) => p.license.includes("MPL-2.0")).length;
    expect(table.querySelectorAll("tbody tr")).toHaveLength(mpl);

    await fireEvent.input(search, { target: { value: "no-such-package" } });
    expect(shownText(screen.getByTestId("about-shown"))).toBe("No package matches “no-such-package”.");
    expect(table.querySelectorAll("tbody tr")).toHaveLength(0);
  });

  it("keeps focus inside, and Close returns it to Help", async () => {
    backend({ app_about: () => about });
    render(HelpMenu);
    await choose("help-about");
    const dialog = await screen.findByTestId("about-dialog");
    const close = screen.getByTestId("about-close");
    expect(document.activeElement).toBe(close);
    await screen.findByTestId("about-search");
    // Tab from the last control goes round to the first.
    await fireEvent.keyDown(window, { key: "Tab" });
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(document.activeElement).not.toBe(close);
    await fireEvent.click(close);
    expect(screen.queryByTestId("about-dialog")).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId("help-menu"));
  });

  it("shows why the version could not be read, and still lists the packages", async () => {
    backend({ app_about: refuse({ code: "internal", message: "Roster could not read its version." }) });
    render(HelpMenu);
    await choose("help-about");
    const dialog = await screen.findByTestId("about-dialog");
    expect(shownText(await within(dialog).findByTestId("error"))).toContain(
      "Roster could not read its version.",
    );
    expect(await within(dialog).findByTestId("about-count")).toBeTruthy();
  });
});
