import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { expectNoAxeViolations, shownText } from "../../test-utils";
import type { ImportSummary, RowFilter, RowsPage, RowView } from "../bindings";
import PreviewGrid, { ROW_HEIGHT } from "./PreviewGrid.svelte";
import { ImportRows } from "./rows.svelte";

const summary: ImportSummary = {
  fileName: "people.csv",
  path: "/tmp/people.csv",
  description: "Read as UTF-8 text, separated by commas.",
  columns: [
    { index: 0, header: "Username", field: "username", label: "Username", made: false },
    { index: 1, header: "E-mail", field: "email", label: "Email", made: false },
  ],
  fileIssues: [],
  counts: { rows: 2, ready: 1, warning: 0, error: 1, skipped: 0 },
  usernamesFromEmail: false,
  usernames: null,
  mappingRemembered: false,
  sheet: null,
  sheets: [],
  plan: null,
  planNotices: [],
  fieldChoices: [],
};

const long =
  '"grace@" is not a complete email address. Check for a missing name before the @, and for spaces or a second @ that a spreadsheet may have added.';

const page: RowsPage = {
  total: 2,
  rows: [
    { line: 2, state: "ready", action: null, excluded: false, cells: ["ada", "ada@example.com"], issues: [] },
    {
      line: 3,
      state: "error",
      action: null,
      excluded: false,
      cells: ["grace", "grace@"],
      issues: [{ column: 1, field: "email", code: "invalid_email", level: "error", message: long }],
    },
  ],
};

type RowsCall = { filter: RowFilter; offset: number; limit: number };

/** Rust's side: answers import_rows with `answer`, and records what was asked. */
function backend(answer: (call: RowsCall) => RowsPage | Promise<RowsPage>) {
  const asked: RowsCall[] = [];
  mockIPC((cmd, args) => {
    if (cmd !== "import_rows") throw new Error(`unexpected ${cmd}`);
    const call = args as RowsCall;
    asked.push(call);
    return answer(call);
  });
  return asked;
}

/** The rows of a file of `total` rows, from `offset`: row n is on line n + 2. */
function rowsOf(total: number, offset: number, limit: number): RowsPage {
  const rows: RowView[] = [];
  for (let n = offset; n < Math.min(total, offset + limit); n++) {
    rows.push({
      line: n + 2,
      state: "ready",
      action: null,
      excluded: false,
      cells: [`user${n}`, `user${n}@example.com`],
      issues: [],
    });
  }
  return { total, rows };
}

async function grid(answer: (call: RowsCall) => RowsPage | Promise<RowsPage> = () => page) {
  const asked = backend(answer);
  const rows = new ImportRows();
  await rows.show("all");
  const onedit = vi.fn();
  const onexclude = vi.fn();
  // In the window the grid is on the import screen, inside its main landmark.
  const main = document.body.appendChild(document.createElement("main"));
  render(PreviewGrid, { target: main, props: { summary, rows, onedit, onexclude } });
  return { onedit, onexclude, asked, rows, table: screen.getByRole("grid") };
}

/** The lines of the rows in the page, top to bottom. */
function linesShown(): number[] {
  return screen.queryAllByTestId("import-row").map((tr) => Number(tr.dataset.line));
}

/** Every element in the grid that Tab can reach. */
function tabStops(table: HTMLElement) {
  return Array.from(table.querySelectorAll<HTMLElement>("[tabindex]")).filter((el) => el.tabIndex >= 0);
}

async function press(key: string, extra: Partial<KeyboardEventInit> = {}) {
  await fireEvent.keyDown(document.activeElement ?? document.body, { key, ...extra });
}

describe("the preview grid", () => {
  it("is one tab stop, on the first cell", async () => {
    const { table } = await grid();
    expect(table.getAttribute("aria-label")).toBe("Rows of people.csv");
    const stops = tabStops(table);
    expect(stops).toHaveLength(1);
    expect(stops[0]?.textContent?.trim()).toBe("2");
    // How to use it is said on the page, and the grid points to it.
    const hint = document.getElementById(table.getAttribute("aria-describedby") ?? "");
    expect(shownText(hint)).toContain("press Enter");
    await expectNoAxeViolations(document.body, "the preview grid");
  });

  it("moves between cells with the arrow keys, Home and End, and the tab stop follows", async () => {
    const { table } = await grid();
    tabStops(table)[0]?.focus();
    await press("ArrowRight");
    expect(document.activeElement?.getAttribute("data-col")).toBe("state");
    await press("ArrowRight");
    // The Import column's checkbox takes focus itself.
    expect(document.activeElement).toBe(screen.getByRole("checkbox", { name: "Import line 2" }));
    await press("ArrowRight");
    expect(document.activeElement).toBe(screen.getByTestId("cell-2-0"));
    await press("ArrowDown");
    expect(document.activeElement).toBe(screen.getByTestId("cell-3-0"));
    await press("ArrowDown");
    expect(document.activeElement).toBe(screen.getByTestId("cell-3-0"));
    await press("End");
    expect(document.activeElement).toBe(screen.getByTestId("problems-3"));
    await press("ArrowLeft");
    expect(document.activeElement).toBe(screen.getByTestId("cell-3-1"));
    await press("ArrowUp");
    expect(document.activeElement).toBe(screen.getByTestId("cell-2-1"));
    await press("Home");
    expect(document.activeElement?.textContent?.trim()).toBe("2");
    await press("End", { ctrlKey: true });
    expect(document.activeElement).toBe(screen.getByTestId("problems-3"));
    // Still one tab stop: where focus is.
    expect(tabStops(table)).toEqual([screen.getByTestId("problems-3")]);
    await expectNoAxeViolations(document.body, "the grid with focus moved");
  });

  it("opens the editor with Enter, and Esc closes it and goes back to the cell", async () => {
    const { onedit } = await grid();
    const cell = screen.getByTestId("cell-3-1");
    cell.focus();
    await press("Enter");
    const input = screen.getByTestId("cell-input") as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    expect(input.value).toBe("grace@");
    await expectNoAxeViolations(document.body, "the grid with a cell's editor open");
    await fireEvent.input(input, { target: { value: "typo" } });
    await press("Escape");
    expect(screen.queryByTestId("cell-input")).toBeNull();
    await vi.waitFor(() => expect(document.activeElement).toBe(cell));
    expect(shownText(cell)).toBe("grace@");
    expect(onedit).not.toHaveBeenCalled();
  });

  it("saves with Enter in the editor, and F2 opens it too", async () => {
    const { onedit } = await grid();
    const cell = screen.getByTestId("cell-3-1");
    cell.focus();
    await press("F2");
    const input = screen.getByTestId("cell-input") as HTMLInputElement;
    await fireEvent.input(input, { target: { value: "grace@example.com" } });
    await press("Enter");
    expect(onedit).toHaveBeenCalledExactlyOnceWith(3, 1, "grace@example.com");
    expect(screen.queryByTestId("cell-input")).toBeNull();
    await vi.waitFor(() => expect(document.activeElement).toBe(cell));
  });

  it("does not open an editor on the grid's own columns", async () => {
    await grid();
    screen.getByTestId("problems-3").focus();
    await press("Enter");
    expect(screen.queryByTestId("cell-input")).toBeNull();
  });

  it("still opens the editor on a click", async () => {
    await grid();
    await fireEvent.click(screen.getByTestId("cell-2-0"));
    const input = screen.getByTestId("cell-input") as HTMLInputElement;
    expect(input.value).toBe("ada");
    expect(document.activeElement).toBe(input);
    // A click inside the open editor keeps what was typed.
    await fireEvent.input(input, { target: { value: "ada.l" } });
    await fireEvent.click(input);
    expect((screen.getByTestId("cell-input") as HTMLInputElement).value).toBe("ada.l");
  });

  it("ties a cell's problem to the cell, in words on the page, not in a tooltip", async () => {
    await grid();
    const cell = screen.getByTestId("cell-3-1");
    expect(cell.getAttribute("aria-invalid")).toBe("true");
    expect(cell.hasAttribute("title")).toBe(false);
    const described = (cell.getAttribute("aria-describedby") ?? "").split(" ");
    expect(described).toHaveLength(1);
    const problem = document.getElementById(described[0] ?? "");
    expect(shownText(problem)).toBe(`E-mail: ${long}`);
    // The text is in the row's problems cell, all of it.
    expect(screen.getByTestId("problems-3").contains(problem)).toBe(true);
    expect(screen.getByTestId("cell-2-1").hasAttribute("aria-describedby")).toBe(false);
    expect(screen.getByTestId("cell-3-0").hasAttribute("aria-describedby")).toBe(false);
    expect(screen.getByTestId("import-grid").querySelectorAll("[title]")).toHaveLength(0);
  });
});

describe("a column without a header", () => {
  it("is named by its place, for the header and for the cell's editor", async () => {
    const headerless: ImportSummary = {
      ...summary,
      columns: [...summary.columns, { index: 2, header: "", field: null, label: "", made: false }],
    };
    backend(() => ({
      total: 1,
      rows: [{ ...(page.rows[0] as RowView), cells: ["ada", "ada@example.com", "x"] }],
    }));
    const rows = new ImportRows();
    await rows.show("all");
    const main = document.body.appendChild(document.createElement("main"));
    render(PreviewGrid, {
      target: main,
      props: { summary: headerless, rows, onedit: vi.fn(), onexclude: vi.fn() },
    });
    expect(screen.getByRole("columnheader", { name: "Column 3" })).toBeTruthy();
    await fireEvent.click(screen.getByTestId("cell-2-2"));
    expect(screen.getByRole("textbox", { name: "Column 3 on line 2" })).toBe(
      screen.getByTestId("cell-input"),
    );
    await expectNoAxeViolations(document.body, "a grid with a column without a header");
  });
});

describe("a long file", () => {
  const total = 100_000;

  it("keeps only the rows in view in the page, and asks for the windows scrolled to", async () => {
    const { asked, table } = await grid((call) => rowsOf(total, call.offset, call.limit));
    expect(table.getAttribute("aria-rowcount")).toBe("100001");
    expect(linesShown().length).toBeGreaterThan(10);
    expect(table.querySelectorAll("tbody tr").length).toBeLessThan(100);
    expect(linesShown()[0]).toBe(2);
    expect(asked).toEqual([{ filter: "all", offset: 0, limit: 200 }]);

    const scroller = screen.getByTestId("import-scroller");
    scroller.scrollTop = 50_000 * ROW_HEIGHT;
    await fireEvent.scroll(scroller);
    await vi.waitFor(() => expect(screen.getByTestId("cell-50002-0").textContent?.trim()).toBe("user50000"));
    expect(table.querySelectorAll("tbody tr").length).toBeLessThan(100);
    // Besides the row with the tab stop (kept, so focus is never lost), the rows are from there.
    const [first, ...rest] = linesShown();
    expect(first).toBe(2);
    expect(rest.length).toBeGreaterThan(10);
    expect(rest.every((line) => line > 49_900 && line < 50_100)).toBe(true);
    const row = screen.getByTestId("cell-50002-0").closest("tr");
    expect(row?.getAttribute("aria-rowindex")).toBe("50002");
    // The rows either side of the view are in the window before (49,800–49,999) and this one.
    expect(asked.slice(1).map((q) => q.offset)).toEqual([49_800, 50_000]);
    expect(asked.every((q) => q.limit === 200 && q.filter === "all")).toBe(true);

    // Scrolling a little within the same windows asks for nothing more.
    scroller.scrollTop = 50_020 * ROW_HEIGHT;
    await fireEvent.scroll(scroller);
    await vi.waitFor(() => expect(screen.getByTestId("cell-50022-0")).toBeTruthy());
    expect(asked).toHaveLength(3);
  });

  it("shows a placeholder for rows not here yet", async () => {
    let hold = false;
    await grid((call) =>
      hold && call.offset > 0 ? new Promise<RowsPage>(() => {}) : rowsOf(total, call.offset, call.limit),
    );
    hold = true;
    const scroller = screen.getByTestId("import-scroller");
    scroller.scrollTop = 70_000 * ROW_HEIGHT;
    await fireEvent.scroll(scroller);
    const waiting = await screen.findAllByTestId("import-row-loading");
    expect(waiting.length).toBeGreaterThan(10);
    expect(waiting[0]?.textContent).toContain("Loading…");
    expect(waiting.map((tr) => tr.getAttribute("aria-rowindex"))).toContain("70002");
    await expectNoAxeViolations(document.body, "the grid with rows still loading");
  });

  it("moves across windows with Ctrl+End, Ctrl+Home and PageDown", async () => {
    const { asked } = await grid((call) => rowsOf(total, call.offset, call.limit));
    screen.getByTestId("cell-2-0").focus();
    await press("End", { ctrlKey: true });
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("problems-100001")));
    expect(document.activeElement?.closest("tr")?.getAttribute("aria-rowindex")).toBe("100001");
    expect(asked.map((q) => q.offset)).toContain(99_800);
    const scroller = screen.getByTestId("import-scroller");
    expect(scroller.scrollTop).toBeGreaterThan(99_000 * ROW_HEIGHT);
    // Still one tab stop: where focus is.
    expect(tabStops(screen.getByRole("grid"))).toEqual([screen.getByTestId("problems-100001")]);

    await press("ArrowUp");
    expect(document.activeElement).toBe(screen.getByTestId("problems-100000"));

    await press("Home", { ctrlKey: true });
    await vi.waitFor(() => expect(document.activeElement?.textContent?.trim()).toBe("2"));
    expect(scroller.scrollTop).toBe(0);

    // PageDown moves by the rows the box holds, less one.
    await press("PageDown");
    await vi.waitFor(() => expect(document.activeElement?.getAttribute("data-col")).toBe("line"));
    const row = document.activeElement?.closest("tr");
    expect(Number(row?.getAttribute("aria-rowindex"))).toBeGreaterThan(10);
    await press("PageUp");
    expect(document.activeElement?.textContent?.trim()).toBe("2");
  });

  it("keeps the row with focus in the page when the admin scrolls away from it", async () => {
    await grid((call) => rowsOf(total, call.offset, call.limit));
    const cell = screen.getByTestId("cell-3-1");
    cell.focus();
    const scroller = screen.getByTestId("import-scroller");
    scroller.scrollTop = 30_000 * ROW_HEIGHT;
    await fireEvent.scroll(scroller);
    await vi.waitFor(() => expect(screen.getByTestId("cell-30002-0")).toBeTruthy());
    expect(document.activeElement).toBe(cell);
    // The arrow keys go on from it, and bring it back into view.
    await press("ArrowDown");
    expect(document.activeElement).toBe(screen.getByTestId("cell-4-1"));
    expect(scroller.scrollTop).toBe(2 * ROW_HEIGHT);
  });

  it("shows the new rows after a refresh, where the admin was", async () => {
    let edited = false;
    const { asked, rows } = await grid((call) => {
      const page = rowsOf(total, call.offset, call.limit);
      if (edited) page.rows = page.rows.map((r) => (r.line === 40_005 ? { ...r, cells: ["fixed", ""] } : r));
      return page;
    });
    const scroller = screen.getByTestId("import-scroller");
    scroller.scrollTop = 40_000 * ROW_HEIGHT;
    await fireEvent.scroll(scroller);
    await vi.waitFor(() => expect(screen.getByTestId("cell-40005-0").textContent?.trim()).toBe("user40003"));
    const before = asked.length;
    edited = true;
    await rows.refresh();
    await vi.waitFor(() => expect(screen.getByTestId("cell-40005-0").textContent?.trim()).toBe("fixed"));
    // Only the windows in view (and the tab stop's) were asked for again.
    expect(asked.slice(before).map((q) => q.offset)).toEqual([0, 39_800, 40_000]);
    expect(scroller.scrollTop).toBe(40_000 * ROW_HEIGHT);
  });
});
