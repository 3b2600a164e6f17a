import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { ImportResult, ImportSummary, OrgSummary, RowsPage } from "./bindings";
import ImportScreen from "./ImportScreen.svelte";

const summary: ImportSummary = {
  fileName: "people.csv",
  path: "/tmp/people.csv",
  description: "Read as Windows-1252 text, separated by semicolons.",
  columns: [
    { index: 0, header: "Username", field: "username", label: "Username" },
    { index: 1, header: "E-mail", field: "email", label: "Email" },
  ],
  fileIssues: [{ level: "warning", message: "Column 3 has no header." }],
  counts: { rows: 2, ready: 1, warning: 0, error: 1, skipped: 0 },
  usernamesFromEmail: false,
  mappingRemembered: false,
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
        { column: 1, level: "error", message: 'Line 3, Email: "grace@" is not a complete email address.' },
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
    expect(problems.textContent).toContain("Line 3, Email");
    expect(screen.getByTestId("cell-3-1").closest("td")?.classList.contains("bad")).toBe(true);
    expect(screen.getByTestId("cell-2-1").closest("td")?.classList.contains("bad")).toBe(false);
  });

  it("fixes a cell in place", async () => {
    const calls = backend();
    render(ImportScreen, { summary, org: null, onclose: vi.fn() });
    await fireEvent.click(await screen.findByTestId("cell-3-1"));
    const input = screen.getByTestId("cell-input") as HTMLInputElement;
    expect(input.value).toBe("grace@");
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
    await fireEvent.click(boxes[1] as HTMLInputElement);
    await vi.waitFor(() => expect(screen.getByTestId("import-counts").textContent).toContain("1 left out"));
    expect(calls.find((c) => c.cmd === "import_exclude_row")?.args).toEqual({ line: 3, excluded: true });
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
    plan: { create: 2, update: 0, skip: 0, error: 0 },
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

  it("asks first, naming the organization and the counts, then shows the results", async () => {
    const calls = runBackend({
      created: 1,
      updated: 0,
      skipped: 0,
      failed: 1,
      pending: 0,
      stopped: null,
      reportPath: "/tmp/people-roster-report.csv",
      rows: [
        {
          line: 3,
          username: "grace",
          outcome: "failed",
          id: null,
          message: "JumpCloud did not accept the email.",
        },
        { line: 2, username: "ada", outcome: "created", id: "u1", message: null },
      ],
    });
    render(ImportScreen, { summary, org, onclose: vi.fn() });
    await fireEvent.click(await screen.findByTestId("start-import"));
    const confirm = screen.getByTestId("confirm-import");
    expect(confirm.textContent).toContain("Import into Example Corp (practice)");
    expect(confirm.textContent).toContain("2 people will be created");
    expect(calls).not.toContain("import_run");
    await fireEvent.click(screen.getByTestId("confirm-import-button"));
    const counts = await screen.findByTestId("result-counts");
    expect(counts.textContent).toContain("1 created");
    expect(counts.textContent).toContain("1 failed");
    expect(screen.getByTestId("report-path").textContent).toBe("/tmp/people-roster-report.csv");
    expect(screen.getByTestId("retry-failed").textContent).toContain("Retry the failed rows");
    expect(screen.getAllByTestId("result-row")[0]?.textContent).toContain("Failed");
  });
});
