import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "./App.svelte";
import type { ImportSummary, OrgSummary, UsersPage } from "./lib/bindings";

const practice: OrgSummary = {
  name: "Northwind Traders (practice)",
  kind: "practice",
  location: "On this computer",
};

const page: UsersPage = {
  total: 2,
  users: [
    {
      id: "a1",
      username: "amara.okafor",
      name: "Amara Okafor",
      email: "amara@example.com",
      state: "active",
    },
    {
      id: "b2",
      username: "li.wei",
      name: "Li Wei",
      email: "li.wei@example.com",
      state: "suspended",
    },
  ],
};

/** A fake backend: records calls, answers like the Rust commands. */
function backend(overrides: Record<string, (args: unknown) => unknown> = {}) {
  const calls: { cmd: string; args: unknown }[] = [];
  let open: OrgSummary | null = null;
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    const override = overrides[cmd];
    if (override) return override(args);
    switch (cmd) {
      case "current_org":
        return open;
      case "open_practice_org":
        open = practice;
        return practice;
      case "list_users":
        return page;
      case "saved_orgs":
        return [];
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
  return calls;
}

describe("first launch", () => {
  it("offers both ways in, then lists the practice users", async () => {
    const calls = backend();
    render(App);
    expect(await screen.findByText("Welcome to Roster")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Connect to JumpCloud" })).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();

    await fireEvent.click(screen.getByRole("button", { name: "Open the practice organization" }));

    expect(await screen.findByText("amara.okafor")).toBeTruthy();
    expect(screen.getByText("Northwind Traders (practice)")).toBeTruthy();
    expect(screen.getByTestId("practice-tag").textContent).toContain("never reach JumpCloud");
    expect(screen.getByTestId("user-count").textContent?.trim()).toBe("1–2 of 2");
    expect(screen.getByText("Suspended").getAttribute("title")).toContain("still bills");
    expect(calls.find((c) => c.cmd === "list_users")?.args).toEqual({
      query: { skip: 0, limit: 100 },
    });
  });

  it("shows a plain error with a retry when the list cannot load", async () => {
    let fail = true;
    backend({
      current_org: () => practice,
      list_users: () => {
        if (fail) {
          fail = false;
          throw { code: "offline", message: "Roster could not reach JumpCloud." };
        }
        return page;
      },
    });
    render(App);
    const alert = await screen.findByRole("alert");
    expect(alert.getAttribute("data-code")).toBe("offline");
    expect(alert.textContent).toContain("could not reach JumpCloud");
    await fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("li.wei")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
  });
});

describe("picking a file", () => {
  const summary: ImportSummary = {
    fileName: "new-starters.csv",
    path: "/home/sam/new-starters.csv",
    description: "Read as UTF-8 text, separated by commas.",
    columns: [
      { index: 0, header: "username", field: "username", label: "Username" },
      { index: 1, header: "email", field: "email", label: "Email" },
    ],
    fileIssues: [],
    counts: { rows: 2, ready: 1, warning: 0, error: 1, skipped: 0 },
    usernamesFromEmail: false,
    mappingRemembered: false,
    fieldChoices: [{ key: "email", label: "Email" }],
    plan: null,
    planNotices: [],
  };

  it("opens the import preview for the picked file", async () => {
    const calls = backend({
      current_org: () => practice,
      pick_csv_file: () => ({ path: summary.path, name: summary.fileName, sizeBytes: 64, lines: 3 }),
      import_open: () => summary,
      import_rows: () => ({ total: 0, rows: [] }),
      import_check_org: () => ({ ...summary, plan: { create: 1, update: 0, skip: 0, error: 1 } }),
    });
    render(App);
    await fireEvent.click(await screen.findByRole("button", { name: "Import from a spreadsheet…" }));
    expect(await screen.findByText("Import new-starters.csv")).toBeTruthy();
    expect(screen.getByTestId("import-counts").textContent).toContain("1 to fix");
    expect(calls.find((c) => c.cmd === "import_open")?.args).toEqual({ path: summary.path });
    // The preview checks the rows against the open organization straight away.
    expect((await screen.findByTestId("plan-counts")).textContent).toContain("1 to create");
  });

  it("does nothing when the dialog is cancelled", async () => {
    const calls = backend({ current_org: () => practice, pick_csv_file: () => null });
    render(App);
    await fireEvent.click(await screen.findByRole("button", { name: "Import from a spreadsheet…" }));
    await screen.findByText("amara.okafor");
    expect(screen.queryByTestId("import-screen")).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(calls.some((c) => c.cmd === "import_open")).toBe(false);
  });
});
