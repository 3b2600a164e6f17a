import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { deferred, expectNoAxeViolations, sendOnChannel, shownText } from "../test-utils";
import type { ImportResult, ImportSummary, OrgSummary, RowFilter, RowsPage, RowView } from "./bindings";
import { whenText } from "./format";
import ImportScreen from "./ImportScreen.svelte";
import { ROW_HEIGHT } from "./import/PreviewGrid.svelte";

/** What the screen's live regions say now. */
function spoken(): string[] {
  return screen.queryAllByRole("status").map((region) => shownText(region));
}

const summary: ImportSummary = {
  fileName: "people.csv",
  path: "/tmp/people.csv",
  description: "Read as Windows-1252 text, separated by semicolons.",
  columns: [
    { index: 0, header: "Username", field: "username", label: "Username", made: false },
    { index: 1, header: "E-mail", field: "email", label: "Email", made: false },
  ],
  fileIssues: [{ level: "warning", code: "empty_header", message: "Column 3 has no header." }],
  counts: { rows: 2, ready: 1, warning: 0, error: 1, skipped: 0 },
  usernamesFromEmail: false,
  usernames: null,
  mappingRemembered: false,
  sheet: null,
  sheets: [],
  plan: null,
  planNotices: [],
  fieldChoices: [
    { key: "username", label: "Username" },
    { key: "email", label: "Email" },
  ],
};

const rows: RowsPage = {
  total: 2,
  rows: [
    { line: 2, state: "ready", action: null, excluded: false, cells: ["ada", "ada@example.com"], issues: [] },
    {
      line: 3,
      state: "error",
      action: null,
      excluded: false,
      cells: ["grace", "grace@"],
      issues: [
        {
          column: 1,
          field: "email",
          code: "invalid_email",
          level: "error",
          message: '"grace@" is not a complete email address.',
        },
      ],
    },
  ],
};

function backend() {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  let fixed = false;
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: args as Record<string, unknown> });
    switch (cmd) {
      case "import_rows":
        return fixed
          ? {
              total: 2,
              rows: [
                rows.rows[0],
                { ...rows.rows[1], state: "ready", cells: ["grace", "grace@example.com"], issues: [] },
              ],
            }
          : rows;
      case "import_edit_cell":
        fixed = true;
        return { ...summary, counts: { ...summary.counts, ready: 2, error: 0 } };
      case "import_exclude_row":
        return { ...summary, counts: { ...summary.counts, error: 0, skipped: 1 } };
      default:
        throw new Error(`unexpected ${cmd}`);
    }
  });
  return calls;
}

describe("ImportScreen", () => {
  it("shows what was detected, the counts, and where each problem is", async () => {
    backend();
    render(ImportScreen, { summary, org: null, onclose: vi.fn() });
    expect(screen.getByTestId("import-description").textContent).toContain("Windows-1252");
    expect(screen.getByText("Column 3 has no header.")).toBeTruthy();
    expect(screen.getByTestId("import-counts").textContent).toContain("1 to fix");
    const problems = await screen.findByTestId("problems-3");
    expect(problems.textContent).toContain('E-mail: "grace@" is not a complete email address.');
    expect(problems.textContent).not.toContain("Line 3");
    expect(screen.getByTestId("cell-3-1").closest("td")?.classList.contains("bad")).toBe(true);
    expect(screen.getByTestId("cell-2-1").closest("td")?.classList.contains("bad")).toBe(false);
    await expectNoAxeViolations(document.body, "the preview");
    await fireEvent.click(screen.getByRole("button", { name: "Columns…" }));
    expect(screen.getByRole("combobox", { name: "What column E-mail goes into" })).toBeTruthy();
    await expectNoAxeViolations(document.body, "the preview with the column choices open");
  });

  it("fixes a cell in place", async () => {
    const calls = backend();
    render(ImportScreen, { summary, org: null, onclose: vi.fn() });
    await fireEvent.click(await screen.findByTestId("cell-3-1"));
    const input = screen.getByTestId("cell-input") as HTMLInputElement;
    expect(input.value).toBe("grace@");
    await expectNoAxeViolations(document.body, "the preview while a cell is edited");
    await fireEvent.input(input, { target: { value: "grace@example.com" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    await vi.waitFor(() => expect(screen.getByTestId("import-counts").textContent).toContain("0 to fix"));
    expect(calls.find((c) => c.cmd === "import_edit_cell")?.args).toEqual({
      line: 3,
      column: 1,
      value: "grace@example.com",
    });
    expect(screen.getByTestId("problems-3").textContent).toBe("");
  });

  it("leaves a row out", async () => {
    const calls = backend();
    render(ImportScreen, { summary, org: null, onclose: vi.fn() });
    await screen.findByTestId("problems-3");
    const boxes = screen.getAllByRole("checkbox") as HTMLInputElement[];
    // A row that can't be imported is not ticked, and cannot be ticked until it is fixed.
    const broken = boxes[1] as HTMLInputElement;
    expect(broken.checked).toBe(false);
    expect(broken.disabled).toBe(true);
    expect(broken.getAttribute("aria-label")).toBe("Line 3 can't be imported until its problems are fixed");
    await fireEvent.click(boxes[0] as HTMLInputElement);
    await vi.waitFor(() => expect(screen.getByTestId("import-counts").textContent).toContain("1 left out"));
    expect(calls.find((c) => c.cmd === "import_exclude_row")?.args).toEqual({ line: 2, excluded: true });
    await expectNoAxeViolations(document.body, "the preview with a row left out");
  });
});

describe("running the import", () => {
  const org: OrgSummary = {
    name: "Example Corp (practice)",
    kind: "practice",
    location: "On this computer",
    savedId: null,
  };
  const planned = {
    ...summary,
    counts: { ...summary.counts, error: 0, ready: 2 },
    plan: { create: 2, update: 0, suspend: 0, reactivate: 0, skip: 0, error: 0 },
  };

  function runBackend(result: ImportResult) {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      switch (cmd) {
        case "import_rows":
          return rows;
        case "import_check_org":
          return planned;
        case "import_run":
          return result;
        default:
          throw new Error(`unexpected ${cmd}`);
      }
    });
    return calls;
  }

  const finished: ImportResult = {
    jobId: "job-7",
    created: 1,
    updated: 0,
    suspended: 0,
    reactivated: 0,
    skipped: 0,
    failed: 1,
    pending: 0,
    earlier: 0,
    stopped: null,
    notes: [],
    reportPath: "/tmp/people-roster-report.csv",
    rows: [
      {
        line: 3,
        username: "grace",
        outcome: "failed",
        id: null,
        message: "JumpCloud did not accept the email.",
        earlier: false,
        earlierAt: null,
      },
      {
        line: 2,
        username: "ada",
        outcome: "created",
        id: "u1",
        message: null,
        earlier: false,
        earlierAt: null,
      },
    ],
  };

  it("asks first, naming the organization and the counts, then shows the results", async () => {
    const calls = runBackend(finished);
    render(ImportScreen, { summary, org, onclose: vi.fn() });
    await screen.findByTestId("plan-counts");
    await expectNoAxeViolations(document.body, "the plan");
    await fireEvent.click(await screen.findByTestId("start-import"));
    const confirm = screen.getByTestId("confirm-import");
    expect(confirm.getAttribute("role")).toBe("dialog");
    expect(shownText(confirm)).toContain("Import into Example Corp (practice)");
    expect(shownText(confirm)).toContain("2 people will be created");
    expect(shownText(screen.getByTestId("confirm-org"))).toContain(
      "Practice — nothing here reaches JumpCloud",
    );
    expect(calls).not.toContain("import_run");
    await expectNoAxeViolations(document.body, "the dialog that starts the import");
    await fireEvent.click(screen.getByTestId("confirm-import-button"));
    const counts = await screen.findByTestId("result-counts");
    expect(counts.textContent).toContain("1 created");
    expect(counts.textContent).toContain("1 failed");
    expect(screen.getByTestId("report-path").textContent).toBe("/tmp/people-roster-report.csv");
    expect(shownText(screen.getByTestId("retry-failed"))).toBe("Retry the failed row");
    expect(screen.getAllByTestId("result-row")[0]?.textContent).toContain("Failed");
    expect(spoken()).toContain("Import finished: 1 created, 0 updated, 0 skipped, 1 failed.");
    await expectNoAxeViolations(document.body, "the result with a failed row");
  });
});

describe("an import that ran before", () => {
  const org: OrgSummary = { name: "Acme", kind: "jumpcloud", location: "JumpCloud, United States region" };
  const planned = {
    ...summary,
    plan: { create: 1, update: 0, suspend: 0, reactivate: 0, skip: 0, error: 0 },
  };

  it("shows this run's counts, and the earlier run's rows apart", async () => {
    mockIPC((cmd) => {
      if (cmd === "import_rows") return rows;
      if (cmd === "import_check_org") return planned;
      if (cmd === "import_run")
        return {
          jobId: "job-2",
          created: 1,
          updated: 0,
          suspended: 0,
          reactivated: 0,
          skipped: 0,
          failed: 0,
          pending: 0,
          earlier: 2,
          stopped: null,
          notes: [],
          reportPath: "/tmp/r.csv",
          rows: [
            {
              line: 2,
              username: "ada",
              outcome: "created",
              id: "u1",
              message: null,
              earlier: true,
              earlierAt: new Date(2025, 11, 1, 9, 14).toISOString(),
            },
            {
              line: 3,
              username: "grace",
              outcome: "created",
              id: "u2",
              message: null,
              earlier: false,
              earlierAt: null,
            },
            {
              line: 4,
              username: "lin",
              outcome: "skipped",
              id: "u3",
              message: null,
              earlier: true,
              earlierAt: null,
            },
          ],
        } satisfies ImportResult;
      throw new Error(`unexpected ${cmd}`);
    });
    render(ImportScreen, { summary, org, onclose: vi.fn() });
    await fireEvent.click(await screen.findByTestId("start-import"));
    await fireEvent.click(screen.getByTestId("confirm-import-button"));
    const counts = await screen.findByTestId("result-counts");
    expect(shownText(counts)).toBe("1 created · 0 updated · 0 skipped · 0 failed");
    expect(shownText(screen.getByTestId("result-earlier"))).toBe(
      "2 rows were done by an earlier run of this file and not sent again.",
    );
    const shown = screen.getAllByTestId("result-row");
    const cells = (i: number) => Array.from(shown[i]?.querySelectorAll("td") ?? [], (td) => shownText(td));
    // This run's row first, then the earlier run's, each saying so.
    expect(cells(0)).toEqual(["3", "grace", "Created", ""]);
    expect(shown[0]?.getAttribute("data-earlier")).toBe("false");
    expect(cells(1)).toEqual([
      "2",
      "ada",
      "Created earlier",
      `Created on ${whenText(new Date(2025, 11, 1, 9, 14).toISOString())} by an earlier run, not sent again.`,
    ]);
    expect(cells(1)[3]).toMatch(/^Created on 1 Dec( 2025)? at 09:14 by an earlier run/);
    expect(shown[1]?.getAttribute("data-earlier")).toBe("true");
    expect(cells(2)[3]).toBe("Skipped by an earlier run, not sent again.");
    await expectNoAxeViolations(document.body, "the result with an earlier run's rows");
  });
});

describe("stopping an import", () => {
  const org: OrgSummary = { name: "Acme", kind: "jumpcloud", location: "JumpCloud, United States region" };
  const planned = {
    ...summary,
    plan: { create: 2, update: 0, suspend: 0, reactivate: 0, skip: 0, error: 0 },
  };

  it("stops the job its progress names", async () => {
    const answer = deferred<ImportResult>();
    const cancels: unknown[] = [];
    let channel: unknown = null;
    mockIPC((cmd, args) => {
      const a = args as Record<string, unknown>;
      if (cmd === "import_rows") return rows;
      if (cmd === "import_check_org") return planned;
      if (cmd === "import_run") {
        channel = a.onProgress;
        return answer.promise;
      }
      if (cmd === "import_cancel") {
        cancels.push(a);
        return true;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(ImportScreen, { summary, org, onclose: vi.fn() });
    await fireEvent.click(await screen.findByTestId("start-import"));
    await fireEvent.click(screen.getByTestId("confirm-import-button"));
    const stop = (await screen.findByTestId("cancel-import")) as HTMLButtonElement;
    // Nothing to stop by until the first progress message names the job.
    expect(stop.disabled).toBe(true);
    sendOnChannel(channel, 0, { jobId: "job-42", done: 0, failed: 0, remaining: 2, total: 2, etaSecs: null });
    await vi.waitFor(() => expect(stop.disabled).toBe(false));
    expect(shownText(screen.getByTestId("import-progress"))).toContain("0 done · 0 failed · 2 to go");
    await expectNoAxeViolations(document.body, "the progress");
    await fireEvent.click(stop);
    await vi.waitFor(() => expect(cancels).toEqual([{ jobId: "job-42" }]));
    expect(shownText(screen.getByTestId("import-progress"))).toContain(
      "Stopping after the rows already sent",
    );
    expect(spoken()).toContain("Stopping after the rows already sent…");
    await expectNoAxeViolations(document.body, "the progress while it stops");
    answer.resolve({
      jobId: "job-42",
      created: 0,
      updated: 0,
      suspended: 0,
      reactivated: 0,
      skipped: 0,
      failed: 0,
      pending: 2,
      earlier: 0,
      stopped: "You stopped the import.",
      notes: [],
      reportPath: "/tmp/r.csv",
      rows: [],
    });
    expect(shownText(await screen.findByTestId("import-result"))).toContain("The import stopped");
    expect(screen.getByTestId("retry-failed").textContent).toContain("Continue the import");
    expect(spoken()).toContain("The import stopped: 0 created, 0 updated, 0 skipped, 0 failed, 2 not done.");
    await expectNoAxeViolations(document.body, "the result of a stopped import");
  });
});

describe("words", () => {
  const org: OrgSummary = {
    name: "Example Corp (practice)",
    kind: "practice",
    location: "On this computer",
    savedId: null,
  };

  function answer(planned: ImportSummary) {
    mockIPC((cmd) => {
      if (cmd === "import_rows") return rows;
      if (cmd === "import_check_org") return planned;
      throw new Error(`unexpected ${cmd}`);
    });
  }

  it("counts one of a thing in the singular", async () => {
    const one = {
      ...summary,
      counts: { rows: 1, ready: 1, warning: 0, error: 0, skipped: 0 },
      plan: { create: 1, update: 0, suspend: 0, reactivate: 0, skip: 1, error: 1 },
    };
    answer(one);
    render(ImportScreen, { summary: one, org, onclose: vi.fn() });
    expect(shownText(screen.getByTestId("import-counts"))).toContain("of 1 row");
    expect(shownText(screen.getByTestId("import-counts"))).not.toContain("1 rows");
    const start = await screen.findByTestId("start-import");
    expect(shownText(start)).toBe("Import 1 person…");
    await fireEvent.click(start);
    const text = shownText(screen.getByTestId("confirm-import"));
    expect(text).toContain("1 person will be created and 0 updated.");
    expect(text).toContain("1 row is skipped and 1 row with problems is left out.");
  });

  it("counts many in the plural", async () => {
    const many = {
      ...summary,
      counts: { rows: 1234, ready: 1234, warning: 0, error: 0, skipped: 0 },
      plan: { create: 2, update: 0, suspend: 0, reactivate: 0, skip: 0, error: 3 },
    };
    answer(many);
    render(ImportScreen, { summary: many, org, onclose: vi.fn() });
    expect(shownText(screen.getByTestId("import-counts"))).toContain("of 1,234 rows");
    await fireEvent.click(await screen.findByTestId("start-import"));
    expect(shownText(screen.getByTestId("start-import"))).toBe("Import 2 people…");
    const text = shownText(screen.getByTestId("confirm-import"));
    expect(text).toContain("2 people will be created");
    expect(text).toContain("0 rows are skipped and 3 rows with problems are left out.");
  });

  it("says where the people come from when they come from a platform", async () => {
    const fromPlatform = {
      ...summary,
      fileName: "Google Workspace (Acme)",
      platform: "Google Workspace",
      counts: { rows: 9, ready: 9, warning: 0, error: 0, skipped: 0 },
      plan: { create: 5, update: 1, suspend: 0, reactivate: 0, skip: 2, error: 1 },
    };
    answer(fromPlatform);
    render(ImportScreen, { summary: fromPlatform, org, onclose: vi.fn() });
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Import from Google Workspace");
    expect(screen.getByTestId("save-corrected-copy")).toBeTruthy();
    await fireEvent.click(await screen.findByTestId("start-import"));
    expect(shownText(screen.getByTestId("confirm-import"))).toContain(
      "Import into Example Corp (practice) (On this computer) from Google Workspace? " +
        "5 people will be created and bound to Google Workspace, " +
        "1 person already in JumpCloud will be bound to it (or updated), 2 skipped, 1 with problems left out.",
    );
    expect(shownText(screen.getByTestId("confirm-import"))).not.toContain("rows are skipped");
  });

  it("keeps the file's wording for a file", async () => {
    const fromFile = {
      ...summary,
      platform: null,
      plan: { create: 5, update: 1, suspend: 0, reactivate: 0, skip: 2, error: 1 },
    };
    answer(fromFile);
    render(ImportScreen, { summary: fromFile, org, onclose: vi.fn() });
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Import people.csv");
    await fireEvent.click(await screen.findByTestId("start-import"));
    const text = shownText(screen.getByTestId("confirm-import"));
    expect(text).toContain(
      "Import into Example Corp (practice) (On this computer)? 5 people will be created and 1 updated. " +
        "2 rows are skipped and 1 row with problems is left out.",
    );
    expect(text).not.toContain("bound to");
  });

  it("says each thing once: how usernames are made, and that practice stays practice", async () => {
    const derived = {
      ...summary,
      usernamesFromEmail: true,
      fileIssues: [
        {
          level: "warning" as const,
          code: "username_from_email",
          message:
            "The file has no username column, so Roster will use the part of each email address before the @ as the username (jane.doe@example.com gives jane.doe). Add a Username column to choose them yourself.",
        },
      ],
      plan: { create: 2, update: 0, suspend: 0, reactivate: 0, skip: 0, error: 0 },
    };
    answer(derived);
    render(ImportScreen, { summary: derived, org, onclose: vi.fn() });
    const screenText = shownText(screen.getByTestId("import-screen"));
    expect(screenText.match(/before the @/g)).toHaveLength(1);
    await fireEvent.click(await screen.findByTestId("start-import"));
    const dialog = shownText(screen.getByTestId("confirm-import"));
    expect(dialog.match(/reaches JumpCloud/g)).toHaveLength(1);
  });
});

describe("changes of state", () => {
  const org: OrgSummary = { name: "Acme", kind: "jumpcloud", location: "JumpCloud, United States region" };

  it("are their own choice, counted apart, and the confirmation says suspended people are billed", async () => {
    const checks: Record<string, unknown>[] = [];
    mockIPC((cmd, args) => {
      switch (cmd) {
        case "import_rows":
          return rows;
        case "import_check_org": {
          const asked = args as Record<string, unknown>;
          checks.push(asked);
          const suspend = asked.changeState ? 1 : 0;
          return {
            ...summary,
            counts: { ...summary.counts, error: 0, ready: 2 },
            plan: { create: 0, update: 2 - suspend, suspend, reactivate: 0, skip: 0, error: 0 },
          };
        }
        default:
          throw new Error(`unexpected ${cmd}`);
      }
    });
    render(ImportScreen, { summary, org, onclose: vi.fn() });
    await screen.findByTestId("plan-counts");
    expect(screen.queryByTestId("change-state")).toBeNull();
    await fireEvent.click(screen.getByTestId("update-existing"));
    expect(checks.at(-1)).toEqual({ updateExisting: true, changeState: false });
    expect(screen.queryByTestId("plan-state-counts")).toBeNull();
    await fireEvent.click(await screen.findByTestId("change-state"));
    expect(checks.at(-1)).toEqual({ updateExisting: true, changeState: true });
    expect(shownText(await screen.findByTestId("plan-state-counts"))).toContain("1 to suspend");
    expect(spoken()).toContain(
      "In Acme: 0 to create, 1 to update, 0 to skip, 0 can't be imported, 1 to suspend, 0 to reactivate.",
    );
    await expectNoAxeViolations(document.body, "the plan with changes of state");
    await fireEvent.click(screen.getByTestId("start-import"));
    const dialog = shownText(screen.getByTestId("confirm-import"));
    expect(dialog).toContain("1 person will be suspended");
    expect(dialog).toContain("still billed as active users");
  });
});

describe("usernames Roster makes", () => {
  const org: OrgSummary = { name: "Acme", kind: "jumpcloud", location: "JumpCloud, United States region" };

  it("say how they are made, offer the organization's own pattern, and change on request", async () => {
    const made: ImportSummary = {
      ...summary,
      plan: { create: 2, update: 0, suspend: 0, reactivate: 0, skip: 0, error: 0 },
      usernames: {
        column: 2,
        pattern: "email",
        label: "the part of the email address before the @ (jane.doe@example.com → jane.doe)",
        choices: [
          {
            key: "email",
            label: "the part of the email address before the @ (jane.doe@example.com → jane.doe)",
          },
          { key: "flast", label: "first initial and last name (jdoe)" },
        ],
        orgPattern: { key: "flast", label: "first initial and last name (jdoe)", matching: 14, of: 16 },
      },
    };
    const asked: string[] = [];
    let loads = 0;
    mockIPC((cmd, args) => {
      switch (cmd) {
        case "import_rows":
          loads += 1;
          return rows;
        case "import_check_org":
          return made;
        case "import_set_username_pattern":
          asked.push((args as { pattern: string }).pattern);
          return {
            ...made,
            usernames: {
              ...made.usernames,
              pattern: "flast",
              label: "first initial and last name (jdoe)",
              orgPattern: null,
            },
          };
        default:
          throw new Error(`unexpected ${cmd}`);
      }
    });
    render(ImportScreen, { summary: made, org, onclose: vi.fn() });
    expect(shownText(screen.getByTestId("usernames-pattern"))).toContain("before the @");
    // The check against the organization has answered (its summary is applied, then rows load).
    await vi.waitFor(() => expect(loads).toBeGreaterThanOrEqual(2));
    const offer = await screen.findByTestId("usernames-offer");
    expect(shownText(offer)).toContain(
      "In Acme, 14 of 16 people's usernames are first initial and last name",
    );
    await expectNoAxeViolations(document.body, "the offer of the organization's usernames");
    await fireEvent.click(screen.getByTestId("usernames-use-org"));
    expect(asked).toEqual(["flast"]);
    await vi.waitFor(() => expect(shownText(screen.getByTestId("usernames-pattern"))).toContain("jdoe"));
    expect(screen.queryByTestId("usernames-offer")).toBeNull();
  });
});

describe("after a run", () => {
  const org: OrgSummary = { name: "Acme", kind: "jumpcloud", location: "JumpCloud, United States region" };

  it("offers a new run once the rows or the plan change", async () => {
    const planned: ImportSummary = {
      ...summary,
      counts: { ...summary.counts, error: 0, ready: 2 },
      plan: { create: 2, update: 0, suspend: 0, reactivate: 0, skip: 0, error: 0 },
    };
    const result: ImportResult = {
      jobId: "job-1",
      created: 2,
      updated: 0,
      suspended: 0,
      reactivated: 0,
      skipped: 0,
      failed: 0,
      pending: 0,
      earlier: 0,
      stopped: null,
      notes: [],
      reportPath: "/tmp/people-report.csv",
      rows: [],
    };
    mockIPC((cmd) => {
      switch (cmd) {
        case "import_rows":
          return rows;
        case "import_check_org":
          return planned;
        case "import_run":
          return result;
        default:
          throw new Error(`unexpected ${cmd}`);
      }
    });
    render(ImportScreen, { summary: planned, org, onclose: vi.fn() });
    await fireEvent.click(await screen.findByTestId("start-import"));
    await fireEvent.click(screen.getByTestId("confirm-import-button"));
    await screen.findByTestId("result-counts");
    expect(screen.queryByTestId("start-import")).toBeNull();
    await fireEvent.click(screen.getByTestId("update-existing"));
    expect(await screen.findByTestId("start-import")).toBeTruthy();
    expect(screen.getByTestId("result-counts")).toBeTruthy();
  });
});

describe("a corrected copy", () => {
  it("is saved where the admin chooses, and says where", async () => {
    mockIPC((cmd) => {
      switch (cmd) {
        case "import_rows":
          return rows;
        case "import_save_corrected_copy":
          return "/home/sam/people-corrected.csv";
        default:
          throw new Error(`unexpected ${cmd}`);
      }
    });
    render(ImportScreen, { summary, org: null, onclose: vi.fn() });
    await fireEvent.click(screen.getByTestId("save-corrected-copy"));
    expect(shownText(await screen.findByTestId("corrected-copy-path"))).toBe(
      "/home/sam/people-corrected.csv",
    );
    await expectNoAxeViolations(document.body, "the note on a corrected copy");
  });
});

describe("a workbook", () => {
  it("names its sheets, and reads another when chosen", async () => {
    const calls: { cmd: string; args: Record<string, unknown> }[] = [];
    const book: ImportSummary = {
      ...summary,
      fileName: "starters.xlsx",
      description: "Sheet \u201cStarters\u201d of the Excel workbook, 2 rows.",
      fileIssues: [],
      sheet: "Starters",
      sheets: [
        { name: "Old", hidden: true, rows: 2, hasHeader: true },
        { name: "Starters", hidden: false, rows: 4, hasHeader: true },
        { name: "Notes", hidden: false, rows: 1, hasHeader: false },
      ],
    };
    mockIPC((cmd, args) => {
      calls.push({ cmd, args: args as Record<string, unknown> });
      if (cmd === "import_rows") return rows;
      if (cmd === "import_set_sheet")
        return { ...book, sheet: "Old", description: "Sheet \u201cOld\u201d of the Excel workbook, 1 row." };
      throw new Error(`unexpected ${cmd}`);
    });
    render(ImportScreen, { summary: book, org: null, onclose: vi.fn() });
    const select = (await screen.findByTestId("import-sheet")) as HTMLSelectElement;
    expect(select.value).toBe("Starters");
    const options = Array.from(select.options).map((o) => o.textContent?.replace(/\s+/g, " ").trim());
    expect(options).toEqual([
      "Old — 2 rows (hidden in the workbook)",
      "Starters — 4 rows",
      "Notes — 1 row, no column names Roster knows",
    ]);
    await expectNoAxeViolations(document.body, "a workbook's preview");
    await fireEvent.change(select, { target: { value: "Old" } });
    await vi.waitFor(() =>
      expect(screen.getByTestId("import-description").textContent).toContain("\u201cOld\u201d"),
    );
    expect(calls.find((c) => c.cmd === "import_set_sheet")?.args).toEqual({ name: "Old" });
  });

  it("shows no sheet choice for a CSV file", async () => {
    backend();
    render(ImportScreen, { summary, org: null, onclose: vi.fn() });
    await screen.findByTestId("problems-3");
    expect(screen.queryByTestId("import-sheet")).toBeNull();
  });
});

describe("a long file", () => {
  type RowsCall = { filter: RowFilter; offset: number; limit: number };
  const total = 100_000;
  /** The lines that need attention, and what is wrong with them. */
  const attention = [7, 90_001];

  function rowOf(n: number, cells: Map<number, string>): RowView {
    const line = n + 2;
    const broken = attention.includes(line) && !cells.has(line);
    return {
      line,
      state: broken ? "error" : "ready",
      action: null,
      excluded: false,
      cells: [`user${n}`, cells.get(line) ?? (broken ? `user${n}@` : `user${n}@example.com`)],
      issues: broken
        ? [{ column: 1, field: "email", code: "invalid_email", level: "error", message: "Not an email." }]
        : [],
    };
  }

  /** A file of 100,000 rows in Rust: rows built as asked for; edits change the email. */
  function longBackend() {
    const asked: RowsCall[] = [];
    const emails = new Map<number, string>();
    mockIPC((cmd, args) => {
      switch (cmd) {
        case "import_rows": {
          const call = args as RowsCall;
          asked.push(call);
          const indices =
            call.filter === "attention"
              ? attention.filter((line) => !emails.has(line)).map((line) => line - 2)
              : Array.from({ length: total }, (_, n) => n);
          return {
            total: indices.length,
            rows: indices.slice(call.offset, call.offset + call.limit).map((n) => rowOf(n, emails)),
          } satisfies RowsPage;
        }
        case "import_edit_cell": {
          const edit = args as { line: number; column: number; value: string };
          emails.set(edit.line, edit.value);
          return summary;
        }
        default:
          throw new Error(`unexpected ${cmd}`);
      }
    });
    return asked;
  }

  function linesShown(): number[] {
    return screen.queryAllByTestId("import-row").map((tr) => Number(tr.dataset.line));
  }

  async function scrollTo(index: number) {
    const scroller = screen.getByTestId("import-scroller");
    scroller.scrollTop = index * ROW_HEIGHT;
    await fireEvent.scroll(scroller);
    await vi.waitFor(() => expect(linesShown()).toContain(index + 2));
    return scroller;
  }

  it("shows only the rows that need attention, from the top, and then all of them again", async () => {
    const asked = longBackend();
    render(ImportScreen, { summary, org: null, onclose: vi.fn() });
    await screen.findByTestId("cell-2-0");
    const grid = screen.getByTestId("import-grid");
    expect(grid.getAttribute("aria-rowcount")).toBe("100001");
    const scroller = await scrollTo(60_000);

    await fireEvent.click(screen.getByTestId("filter-attention"));
    await vi.waitFor(() => expect(linesShown()).toEqual([7, 90_001]));
    expect(grid.getAttribute("aria-rowcount")).toBe("3");
    expect(scroller.scrollTop).toBe(0);
    expect(asked.at(-1)).toEqual({ filter: "attention", offset: 0, limit: 200 });
    expect(screen.queryAllByTestId("import-row-loading")).toHaveLength(0);
    expect(shownText(screen.getByTestId("problems-90001"))).toBe("E-mail: Not an email.");
    expect(screen.getByTestId("cell-90001-1").getAttribute("aria-invalid")).toBe("true");
    await expectNoAxeViolations(document.body, "the rows that need attention");

    // Fixed, the last row leaves the filter; focus stays in the grid, on the row above.
    screen.getByTestId("cell-90001-1").focus();
    await fireEvent.keyDown(document.activeElement as Element, { key: "Enter" });
    const input = screen.getByTestId("cell-input") as HTMLInputElement;
    await fireEvent.input(input, { target: { value: "user89999@example.com" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    await vi.waitFor(() => expect(linesShown()).toEqual([7]));
    expect(grid.getAttribute("aria-rowcount")).toBe("2");
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("cell-7-1")));

    await fireEvent.click(screen.getByLabelText("All rows"));
    await vi.waitFor(() => expect(linesShown()[0]).toBe(2));
    expect(grid.getAttribute("aria-rowcount")).toBe("100001");
    expect(linesShown()).not.toContain(60_002);
  });

  it("asks again for the rows in view after an edit, and stays where the admin was", async () => {
    const asked = longBackend();
    render(ImportScreen, { summary, org: null, onclose: vi.fn() });
    await screen.findByTestId("cell-2-0");
    const scroller = await scrollTo(90_000);
    await fireEvent.click(screen.getByTestId("cell-90001-1"));
    const input = screen.getByTestId("cell-input") as HTMLInputElement;
    expect(input.value).toBe("user89999@");
    const before = asked.length;
    await fireEvent.input(input, { target: { value: "user89999@example.com" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    await vi.waitFor(() =>
      expect(screen.getByTestId("cell-90001-1").textContent?.trim()).toBe("user89999@example.com"),
    );
    // The windows in view, not the top of the file.
    expect(asked.slice(before)).toEqual([
      { filter: "all", offset: 89_800, limit: 200 },
      { filter: "all", offset: 90_000, limit: 200 },
    ]);
    expect(scroller.scrollTop).toBe(90_000 * ROW_HEIGHT);
    expect(screen.getByTestId("cell-90001-1").getAttribute("aria-invalid")).toBeNull();
  });
});
