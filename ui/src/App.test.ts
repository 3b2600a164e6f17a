import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import App from "./App.svelte";
import type {
  ImportResult,
  ImportSummary,
  OrgSummary,
  PeoplePage,
  PersonProfile,
  SavedOrgView,
} from "./lib/bindings";
import { facets } from "./lib/people/test-people";
import { NO_PEOPLE_FILTER } from "./lib/router.svelte";
import { deferred, expectNoAxeViolations, sendOnChannel, shownText } from "./test-utils";

const practice: OrgSummary = {
  name: "Northwind Traders (practice)",
  kind: "practice",
  location: "On this computer",
};

const amara = {
  id: "a1",
  username: "amara.okafor",
  name: "Amara Okafor",
  email: "amara@example.com",
  department: "Finance",
  jobTitle: "Accountant",
  location: "Lagos",
  employeeId: "E-1",
  state: "active" as const,
  created: "2025-03-03T10:00:00Z",
};

const page: PeoplePage = {
  total: 2,
  matching: 2,
  offset: 0,
  rows: [
    amara,
    {
      id: "b2",
      username: "li.wei",
      name: "Li Wei",
      email: "li.wei@example.com",
      department: "Sales",
      jobTitle: "",
      location: "",
      employeeId: "",
      state: "suspended",
      created: null,
    },
  ],
  loadedAt: new Date().toISOString(),
};

const amaraProfile: PersonProfile = {
  person: amara,
  details: [
    {
      title: "Employment",
      fields: [
        { key: "jobTitle", label: "Job title", value: "Accountant", shown: "Accountant", editable: true },
      ],
    },
  ],
  directories: [],
  groups: [],
  otherDirectories: [],
  otherGroups: [],
  canActivate: false,
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
      case "people_query":
        return page;
      case "people_facets":
        return facets;
      case "saved_orgs":
      case "protected_list":
      case "scheduled_list":
      case "deleted_people_list":
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
    await expectNoAxeViolations(document.body, "the welcome screen");

    await fireEvent.click(screen.getByRole("button", { name: "Open the practice organization" }));

    expect(await screen.findByText("amara.okafor")).toBeTruthy();
    await expectNoAxeViolations(document.body, "the practice organization's people");
    expect(screen.getByText("Northwind Traders (practice)")).toBeTruthy();
    expect(screen.getByTestId("practice-tag").textContent).toContain("never reach JumpCloud");
    expect(screen.getByTestId("user-count").textContent?.trim()).toBe("2 of 2 people");
    // What a state means is on the page, not only in a tooltip, and each badge points to it.
    const badge = within(screen.getByTestId("users-table")).getByText("Suspended");
    expect(badge.getAttribute("title")).toContain("still bills");
    const hint = document.getElementById(badge.getAttribute("aria-describedby") ?? "");
    expect(shownText(hint)).toContain("still bills");
    expect(shownText(screen.getByTestId("state-legend"))).toContain("Suspended Cannot sign in.");
    expect(calls.find((c) => c.cmd === "people_query")?.args).toEqual({
      filter: NO_PEOPLE_FILTER,
      offset: 0,
      limit: 200,
    });
  });

  it("shows a plain error with a retry when the list cannot load", async () => {
    let fail = true;
    backend({
      current_org: () => practice,
      people_query: () => {
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
    await expectNoAxeViolations(document.body, "the people list that could not load");
    await fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("li.wei")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
  });
});

const summary: ImportSummary = {
  fileName: "new-starters.csv",
  path: "/home/sam/new-starters.csv",
  description: "Read as UTF-8 text, separated by commas.",
  columns: [
    { index: 0, header: "username", field: "username", label: "Username", made: false },
    { index: 1, header: "email", field: "email", label: "Email", made: false },
  ],
  fileIssues: [],
  counts: { rows: 2, ready: 1, warning: 0, error: 1, skipped: 0 },
  usernamesFromEmail: false,
  usernames: null,
  mappingRemembered: false,
  sheet: null,
  sheets: [],
  fieldChoices: [{ key: "email", label: "Email" }],
  plan: null,
  planNotices: [],
};

describe("picking a file", () => {
  it("opens the import preview for the picked file", async () => {
    const calls = backend({
      current_org: () => practice,
      pick_csv_file: () => ({ path: summary.path, name: summary.fileName, sizeBytes: 64, lines: 3 }),
      import_open: () => summary,
      import_rows: () => ({ total: 0, rows: [] }),
      import_check_org: () => ({
        ...summary,
        plan: { create: 1, update: 0, suspend: 0, reactivate: 0, skip: 0, error: 1 },
      }),
    });
    render(App);
    await fireEvent.click(await screen.findByRole("button", { name: "Import from a spreadsheet…" }));
    expect(await screen.findByText("Import new-starters.csv")).toBeTruthy();
    expect(screen.getByTestId("import-counts").textContent).toContain("1 to fix");
    expect(calls.find((c) => c.cmd === "import_open")?.args).toEqual({ path: summary.path });
    // The preview checks the rows against the open organization straight away.
    expect((await screen.findByTestId("plan-counts")).textContent).toContain("1 to create");
    await expectNoAxeViolations(document.body, "the import preview in the window");
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

const acme: OrgSummary = {
  name: "Acme",
  kind: "jumpcloud",
  location: "JumpCloud, European Union region",
  savedId: "eu-1",
};
const acmeSaved: SavedOrgView = { id: "eu-1", name: "Acme", regionLabel: "European Union" };

/** The backend for an open organization with a spreadsheet that can be picked. */
function openOrg(org: OrgSummary, overrides: Record<string, (args: unknown) => unknown> = {}) {
  return backend({
    current_org: () => org,
    saved_orgs: () => [acmeSaved],
    pick_csv_file: () => ({ path: summary.path, name: summary.fileName, sizeBytes: 64, lines: 3 }),
    import_open: () => summary,
    import_rows: () => ({ total: 0, rows: [] }),
    import_check_org: () => ({
      ...summary,
      plan: { create: 1, update: 0, suspend: 0, reactivate: 0, skip: 0, error: 1 },
    }),
    history_list: () => ({ total: 0, entries: [] }),
    person_profile: () => amaraProfile,
    ...overrides,
  });
}

function current(link: string) {
  return screen.getByTestId(link).getAttribute("aria-current");
}

describe("sections", () => {
  it("moves between People, History, Deleted people and Settings, and Back returns", async () => {
    const calls = openOrg(acme);
    render(App);
    await screen.findByText("amara.okafor");
    expect(current("nav-people")).toBe("page");
    expect(current("nav-history")).toBeNull();

    await fireEvent.click(screen.getByRole("link", { name: "History" }));
    expect(await screen.findByTestId("history-screen")).toBeTruthy();
    expect(window.location.hash).toBe("#/history");
    expect(current("nav-history")).toBe("page");
    expect(current("nav-people")).toBeNull();
    expect(calls.some((c) => c.cmd === "history_list")).toBe(true);
    await screen.findByTestId("history-empty");
    await expectNoAxeViolations(document.body, "History in the window");

    await fireEvent.click(screen.getByRole("link", { name: "Deleted people" }));
    expect(shownText(await screen.findByTestId("deleted-empty"))).toBe(
      "Nobody has been deleted with Roster in this organization.",
    );
    await expectNoAxeViolations(document.body, "Deleted people in the window");
    expect(window.location.hash).toBe("#/deleted");
    expect(current("nav-deleted")).toBe("page");

    await fireEvent.click(screen.getByRole("link", { name: "Settings" }));
    expect(shownText(await screen.findByTestId("settings-org-name"))).toBe("Acme");
    expect(shownText(screen.getByTestId("settings-org-location"))).toBe("JumpCloud, European Union region");
    expect(shownText(await screen.findByTestId("settings-saved-orgs"))).toContain("Acme (European Union)");
    await expectNoAxeViolations(document.body, "Settings in the window");

    window.history.back();
    expect(await screen.findByTestId("deleted-screen")).toBeTruthy();
    window.history.back();
    expect(await screen.findByTestId("history-screen")).toBeTruthy();
    window.history.back();
    expect(await screen.findByTestId("users-table")).toBeTruthy();
    expect(current("nav-people")).toBe("page");
  });

  it("keeps the History filters in the address, so Back returns to the previous ones", async () => {
    const calls = openOrg(acme);
    window.history.replaceState(null, "", "#/history?outcome=failed");
    render(App);
    expect(await screen.findByTestId("history-screen")).toBeTruthy();
    await vi.waitFor(() => expect(calls.filter((c) => c.cmd === "history_list")).toHaveLength(1));
    await fireEvent.change(screen.getByLabelText("What was done"), { target: { value: "delete" } });
    expect(window.location.hash).toBe("#/history?operation=delete&outcome=failed");
    await vi.waitFor(() => expect(calls.filter((c) => c.cmd === "history_list")).toHaveLength(2));
    window.history.back();
    await vi.waitFor(() => expect(calls.filter((c) => c.cmd === "history_list")).toHaveLength(3));
    const queries = calls
      .filter((c) => c.cmd === "history_list")
      .map((c) => (c.args as { query: unknown }).query);
    expect(queries.map((q) => (q as { operation: unknown }).operation)).toEqual([null, "delete", null]);
    expect((screen.getByLabelText("What was done") as HTMLSelectElement).value).toBe("");
  });

  it("shows People for an address Roster does not know", async () => {
    openOrg(acme);
    window.history.replaceState(null, "", "#/payroll/2025");
    render(App);
    expect(await screen.findByTestId("users-table")).toBeTruthy();
    expect(current("nav-people")).toBe("page");
  });

  it("has a page for one person, with its sections as links", async () => {
    openOrg(acme);
    window.history.replaceState(null, "", "#/people/a1/groups");
    render(App);
    expect(await screen.findByRole("heading", { name: "Amara Okafor" })).toBeTruthy();
    expect(current("person-tab-groups")).toBe("page");
    expect(current("person-tab-details")).toBeNull();
    expect(screen.getByRole("link", { name: "Directories" }).getAttribute("href")).toBe(
      "#/people/a1/directories",
    );
    expect(current("nav-people")).toBe("page");
    await expectNoAxeViolations(document.body, "a person's page in the window");
  });
});

describe("the open import", () => {
  it("stays open while the admin looks at History, and closes on switching organization", async () => {
    const calls = openOrg(acme, { open_practice_org: () => practice });
    render(App);
    await fireEvent.click(await screen.findByRole("button", { name: "Import from a spreadsheet…" }));
    expect(await screen.findByText("Import new-starters.csv")).toBeTruthy();
    expect(window.location.hash).toBe("#/import");
    expect(current("nav-import")).toBe("page");

    await fireEvent.click(screen.getByRole("link", { name: "History" }));
    expect(await screen.findByTestId("history-screen")).toBeTruthy();
    await fireEvent.click(screen.getByRole("link", { name: "Import: new-starters.csv" }));
    expect(await screen.findByText("Import new-starters.csv")).toBeTruthy();

    await fireEvent.click(screen.getByTestId("org-switcher"));
    await fireEvent.click(screen.getByTestId("org-option-practice"));
    expect(await screen.findByText("Northwind Traders (practice)")).toBeTruthy();
    expect(await screen.findByTestId("users-table")).toBeTruthy();
    expect(window.location.hash).toBe("#/people");
    expect(screen.queryByTestId("nav-import")).toBeNull();
    expect(screen.queryByTestId("import-screen")).toBeNull();
    expect(calls.some((c) => c.cmd === "open_practice_org")).toBe(true);

    // Back to the old address: the import is gone, so People shows.
    window.history.replaceState(null, "", "#/import");
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    await vi.waitFor(() => expect(window.location.hash).toBe("#/people"));
    expect(screen.queryByTestId("import-screen")).toBeNull();
  });
});

describe("a running import", () => {
  it("keeps running while the admin looks elsewhere, and holds switching organization", async () => {
    const answer = deferred<ImportResult>();
    let channel: unknown = null;
    openOrg(acme, {
      import_check_org: () => ({
        ...summary,
        plan: { create: 1, update: 0, suspend: 0, reactivate: 0, skip: 0, error: 1 },
      }),
      import_run: (args) => {
        channel = (args as { onProgress: unknown }).onProgress;
        return answer.promise;
      },
    });
    render(App);
    await fireEvent.click(await screen.findByRole("button", { name: "Import from a spreadsheet…" }));
    await fireEvent.click(await screen.findByTestId("start-import"));
    await fireEvent.click(screen.getByTestId("confirm-import-button"));
    sendOnChannel(channel, 0, { jobId: "job-1", done: 0, failed: 0, remaining: 1, total: 1, etaSecs: null });
    await vi.waitFor(() => expect(shownText(screen.getByTestId("import-progress"))).toContain("1 to go"));
    await expectNoAxeViolations(document.body, "a running import in the window");
    expect((screen.getByTestId("org-switcher") as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId("sign-out") as HTMLButtonElement).disabled).toBe(true);
    // Why, in words on the banner (a disabled button shows no tooltip to the keyboard).
    expect(shownText(screen.getByTestId("org-locked"))).toContain("wait until the import ends");
    expect(screen.getByTestId("org-switcher").getAttribute("aria-describedby")).toBe(
      screen.getByTestId("org-locked").id,
    );

    await fireEvent.click(screen.getByRole("link", { name: "People" }));
    expect(await screen.findByTestId("users-table")).toBeTruthy();
    expect((screen.getByTestId("pick-file") as HTMLButtonElement).disabled).toBe(true);
    expect(shownText(screen.getByTestId("pick-file-waits"))).toContain("another spreadsheet waits");
    await fireEvent.click(screen.getByRole("link", { name: "Import: new-starters.csv" }));
    expect(shownText(await screen.findByTestId("import-progress"))).toContain("1 to go");

    answer.resolve({
      jobId: "job-1",
      created: 1,
      updated: 0,
      suspended: 0,
      reactivated: 0,
      skipped: 0,
      failed: 0,
      pending: 0,
      earlier: 0,
      stopped: null,
      notes: [],
      reportPath: "/home/sam/new-starters-roster-report.csv",
      rows: [],
    });
    expect(shownText(await screen.findByTestId("result-counts"))).toContain("1 created");
    await expectNoAxeViolations(document.body, "an import's result in the window");
    expect((screen.getByTestId("org-switcher") as HTMLButtonElement).disabled).toBe(false);
    expect(screen.queryByTestId("org-locked")).toBeNull();
  });
});

describe("signing out", () => {
  it("asks first in the confirmation dialog; Esc keeps the organization", async () => {
    const calls = openOrg(acme, { sign_out: () => [] });
    render(App);
    await screen.findByText("amara.okafor");
    const signOut = screen.getByTestId("sign-out");
    signOut.focus();
    await fireEvent.click(signOut);
    const dialog = screen.getByRole("dialog", { name: "Sign out?" });
    expect(shownText(dialog)).toContain("removes its API key");
    expect(shownText(screen.getByTestId("confirm-org"))).toContain("Acme");
    await expectNoAxeViolations(document.body, "the sign-out dialog");
    await fireEvent.keyDown(document.activeElement ?? document.body, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(signOut);
    expect(calls.some((c) => c.cmd === "sign_out")).toBe(false);

    await fireEvent.click(signOut);
    await fireEvent.click(screen.getByTestId("confirm-sign-out-button"));
    expect(await screen.findByText("Welcome to Roster")).toBeTruthy();
    expect(calls.find((c) => c.cmd === "sign_out")?.args).toEqual({ id: "eu-1" });
    await screen.findByTestId("saved-orgs");
    await expectNoAxeViolations(document.body, "the welcome screen with a saved organization");
  });
});

describe("the import template", () => {
  it("has the common columns by default and every column on request", async () => {
    const calls = backend({
      save_template: (args) => {
        const { all } = args as { all: boolean };
        return all ? "/home/sam/roster-template-all.csv" : "/home/sam/roster-template.csv";
      },
    });
    render(App);
    await fireEvent.click(await screen.findByRole("button", { name: "Open the practice organization" }));
    await fireEvent.click(await screen.findByTestId("save-template"));
    expect(await screen.findByText("Template saved to /home/sam/roster-template.csv")).toBeTruthy();
    await expectNoAxeViolations(document.body, "the people list with the note on a saved template");
    await fireEvent.click(screen.getByTestId("save-template-all"));
    expect(await screen.findByText("Template saved to /home/sam/roster-template-all.csv")).toBeTruthy();
    const asked = calls.filter((c) => c.cmd === "save_template").map((c) => c.args);
    expect(asked).toEqual([{ all: false }, { all: true }]);
  });
});

describe("the people list", () => {
  it("searches as the admin types, keeps the search in the address, and Back from a profile returns to it", async () => {
    const calls = openOrg(acme);
    render(App);
    await screen.findByText("amara.okafor");
    const search = screen.getByTestId("people-search");
    await fireEvent.input(search, { target: { value: "amara" } });
    await vi.waitFor(() => expect(window.location.hash).toBe("#/people?search=amara"));
    await vi.waitFor(() =>
      expect(calls.filter((c) => c.cmd === "people_query").map((c) => c.args)).toContainEqual({
        filter: { ...NO_PEOPLE_FILTER, search: "amara" },
        offset: 0,
        limit: 200,
      }),
    );

    // A filter menu is a step Back returns from; the state filter joins the search.
    await fireEvent.change(screen.getByTestId("filter-state"), { target: { value: "active" } });
    expect(window.location.hash).toBe("#/people?search=amara&state=active");

    // Down to Amara, Enter: her profile.
    const grid = screen.getByTestId("users-table");
    grid.focus();
    await fireEvent.keyDown(grid, { key: "Enter" });
    expect(await screen.findByRole("heading", { name: "Amara Okafor" })).toBeTruthy();
    expect(window.location.hash).toBe("#/people/a1");

    window.history.back();
    expect(await screen.findByTestId("users-table")).toBeTruthy();
    await vi.waitFor(() => expect(window.location.hash).toBe("#/people?search=amara&state=active"));
    expect((screen.getByTestId("people-search") as HTMLInputElement).value).toBe("amara");
    expect((screen.getByTestId("filter-state") as HTMLSelectElement).value).toBe("active");
  });

  it("says plainly when no one matches, and clears the filters", async () => {
    openOrg(acme, {
      people_query: (args) => {
        const { filter } = args as { filter: { search: string } };
        return filter.search ? { ...page, matching: 0, rows: [] } : page;
      },
    });
    window.history.replaceState(null, "", "#/people?search=nobody");
    render(App);
    const empty = await screen.findByTestId("people-empty");
    expect(shownText(empty)).toContain("No one matches.");
    expect(shownText(screen.getByTestId("user-count"))).toBe("0 of 2 people");
    await expectNoAxeViolations(document.body, "a list where no one matches");
    await fireEvent.click(screen.getByTestId("empty-clear-filters"));
    expect(await screen.findByText("amara.okafor")).toBeTruthy();
    expect(window.location.hash).toBe("#/people");
  });

  it("adds people from the + menu: one person, or a spreadsheet", async () => {
    openOrg(acme, {
      person_form: () => ({
        fields: [
          { key: "username", label: "Username", required: true, secret: false },
          { key: "email", label: "Email", required: true, secret: false },
        ],
        passwordRules: [],
        defaultState: "staged",
        directories: [],
        groups: [],
        formId: "f1",
      }),
    });
    render(App);
    await screen.findByText("amara.okafor");
    const button = screen.getByTestId("add-people");
    expect(button.getAttribute("aria-haspopup")).toBe("menu");
    expect(button.getAttribute("aria-expanded")).toBe("false");
    await fireEvent.keyDown(button, { key: "ArrowDown" });
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("add-one-person")));
    expect(button.getAttribute("aria-expanded")).toBe("true");
    await expectNoAxeViolations(document.body, "the + menu");
    expect(screen.getByTestId("add-from-platform").getAttribute("aria-disabled")).toBeNull();
    await fireEvent.keyDown(document.activeElement ?? document.body, { key: "ArrowDown" });
    expect(document.activeElement).toBe(screen.getByTestId("add-from-platform"));
    await fireEvent.keyDown(document.activeElement ?? document.body, { key: "ArrowUp" });
    await fireEvent.keyDown(document.activeElement ?? document.body, { key: "ArrowUp" });
    expect(document.activeElement).toBe(screen.getByTestId("add-from-spreadsheet"));
    await fireEvent.keyDown(document.activeElement ?? document.body, { key: "Escape" });
    expect(screen.queryByRole("menu")).toBeNull();
    expect(document.activeElement).toBe(button);

    await fireEvent.click(button);
    await fireEvent.click(screen.getByTestId("add-one-person"));
    expect(window.location.hash).toBe("#/people/new");
    expect(await screen.findByTestId("person-form")).toBeTruthy();
    expect(current("nav-people")).toBe("page");
    await expectNoAxeViolations(document.body, "the form for one person in the window");

    window.history.back();
    expect(await screen.findByTestId("users-table")).toBeTruthy();
    await fireEvent.click(screen.getByTestId("add-people"));
    await fireEvent.click(screen.getByTestId("add-from-spreadsheet"));
    expect(await screen.findByText("Import new-starters.csv")).toBeTruthy();
    expect((await screen.findByTestId("plan-counts")).textContent).toContain("1 to create");
  });

  it("imports from Google Workspace: from the + menu or the directory's list, to the import preview", async () => {
    const google = {
      id: "d1",
      name: "Google Workspace",
      platform: "google",
      platformLabel: "Google Workspace",
      words: "Google Workspace",
    };
    const counts = { new: 1, newPicked: 1, notBound: 0, notBoundPicked: 0, bound: 0, boundPicked: 0 };
    const fromPlatform: ImportSummary = {
      ...summary,
      fileName: "Google Workspace",
      platform: "Google Workspace",
      plan: { create: 1, update: 0, suspend: 0, reactivate: 0, skip: 0, error: 0 },
    };
    const calls = openOrg(acme, {
      platform_setup: () => ({
        directories: [google, { ...google, id: "d2", name: "Contractors" }],
        missing: ["To import from Microsoft 365, first connect it in JumpCloud."],
        defaultState: "staged",
        defaultStateWords: "Imported people start staged.",
      }),
      platform_list: () => ({
        directory: google,
        total: 1,
        search: null,
        counts,
        requests: 1,
        pickedAgain: 0,
      }),
      platform_people: () => ({
        matching: 1,
        offset: 0,
        counts,
        rows: [
          {
            index: 0,
            id: "p0",
            email: "ada@example.com",
            name: "Ada Lovelace",
            department: "",
            jobTitle: "",
            standing: "new",
            standingWords: "new",
            username: null,
            picked: true,
          },
        ],
      }),
      platform_preview: () => fromPlatform,
      import_check_org: () => fromPlatform,
    });
    render(App);
    await screen.findByText("amara.okafor");
    await fireEvent.click(screen.getByTestId("add-people"));
    await fireEvent.click(screen.getByTestId("add-from-platform"));
    expect(window.location.hash).toBe("#/import/platform");
    expect(await screen.findByTestId("platform-screen")).toBeTruthy();
    expect(current("nav-people")).toBe("page");
    expect(((await screen.findByTestId("platform-choice-d1")) as HTMLInputElement).checked).toBe(false);
    await expectNoAxeViolations(document.body, "importing from a platform in the window");

    // The directory's own list offers to import from it, with it chosen.
    window.history.back();
    await screen.findByTestId("users-table");
    await vi.waitFor(() =>
      expect(shownText(screen.getByTestId("filter-directory"))).toContain("Google Workspace"),
    );
    await fireEvent.change(screen.getByTestId("filter-directory"), { target: { value: "d1" } });
    await fireEvent.click(await screen.findByTestId("import-from-directory"));
    expect(window.location.hash).toBe("#/import/platform?directory=d1");
    const choice = (await screen.findByTestId("platform-choice-d1")) as HTMLInputElement;
    expect(choice.checked).toBe(true);

    await fireEvent.click(screen.getByTestId("platform-list"));
    await fireEvent.click(await screen.findByTestId("platform-preview"));
    expect(await screen.findByRole("heading", { name: "Import from Google Workspace" })).toBeTruthy();
    expect(window.location.hash).toBe("#/import");
    expect(shownText(screen.getByTestId("nav-import"))).toBe("Import: Google Workspace");
    // The import screen checks the plan against the organization, as for a file.
    expect(shownText(await screen.findByTestId("plan-counts"))).toContain("1 to create");
    await expectNoAxeViolations(document.body, "the preview of a platform import in the window");
    expect(calls.find((c) => c.cmd === "platform_list")?.args).toMatchObject({
      directoryId: "d1",
      search: null,
    });
    expect(calls.find((c) => c.cmd === "platform_preview")?.args).toEqual({
      usernamePattern: "email",
      startState: "staged",
      sendEmail: false,
    });
  });
});
