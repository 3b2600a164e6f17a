import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { shownText } from "../../test-utils";
import type { ImportSummary, RowsPage } from "../bindings";
import PreviewGrid from "./PreviewGrid.svelte";

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

function grid() {
  const onedit = vi.fn();
  const onexclude = vi.fn();
  render(PreviewGrid, { summary, page, offset: 0, pageSize: 100, onedit, onexclude, onpage: vi.fn() });
  return { onedit, onexclude, table: screen.getByRole("grid") };
}

/** Every element in the grid that Tab can reach. */
function tabStops(table: HTMLElement) {
  return Array.from(table.querySelectorAll<HTMLElement>("[tabindex]")).filter((el) => el.tabIndex >= 0);
}

async function press(key: string, extra: Partial<KeyboardEventInit> = {}) {
  await fireEvent.keyDown(document.activeElement ?? document.body, { key, ...extra });
}

describe("the preview grid", () => {
  it("is one tab stop, on the first cell", () => {
    const { table } = grid();
    expect(table.getAttribute("aria-label")).toBe("Rows of people.csv");
    const stops = tabStops(table);
    expect(stops).toHaveLength(1);
    expect(stops[0]?.textContent?.trim()).toBe("2");
    // How to use it is said on the page, and the grid points to it.
    const hint = document.getElementById(table.getAttribute("aria-describedby") ?? "");
    expect(shownText(hint)).toContain("press Enter");
  });

  it("moves between cells with the arrow keys, Home and End, and the tab stop follows", async () => {
    const { table } = grid();
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
  });

  it("opens the editor with Enter, and Esc closes it and goes back to the cell", async () => {
    const { onedit } = grid();
    const cell = screen.getByTestId("cell-3-1");
    cell.focus();
    await press("Enter");
    const input = screen.getByTestId("cell-input") as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    expect(input.value).toBe("grace@");
    await fireEvent.input(input, { target: { value: "typo" } });
    await press("Escape");
    expect(screen.queryByTestId("cell-input")).toBeNull();
    await vi.waitFor(() => expect(document.activeElement).toBe(cell));
    expect(shownText(cell)).toBe("grace@");
    expect(onedit).not.toHaveBeenCalled();
  });

  it("saves with Enter in the editor, and F2 opens it too", async () => {
    const { onedit } = grid();
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
    grid();
    screen.getByTestId("problems-3").focus();
    await press("Enter");
    expect(screen.queryByTestId("cell-input")).toBeNull();
  });

  it("still opens the editor on a click", async () => {
    grid();
    await fireEvent.click(screen.getByTestId("cell-2-0"));
    const input = screen.getByTestId("cell-input") as HTMLInputElement;
    expect(input.value).toBe("ada");
    expect(document.activeElement).toBe(input);
    // A click inside the open editor keeps what was typed.
    await fireEvent.input(input, { target: { value: "ada.l" } });
    await fireEvent.click(input);
    expect((screen.getByTestId("cell-input") as HTMLInputElement).value).toBe("ada.l");
  });

  it("ties a cell's problem to the cell, in words on the page, not in a tooltip", () => {
    grid();
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
