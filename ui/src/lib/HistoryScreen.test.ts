import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { expectNoAxeViolations, shownText } from "../test-utils";
import type { AppError, HistoryEntryView, HistoryPage, HistoryQuery, OrgSummary } from "./bindings";
import { whenText } from "./format";
import HistoryScreen from "./HistoryScreen.svelte";
import { type HistoryFilter, NO_HISTORY_FILTER } from "./router.svelte";

const acme: OrgSummary = { name: "Acme", kind: "jumpcloud", location: "JumpCloud, United States region" };

const created: HistoryEntryView = {
  at: "2025-12-01T09:14:00Z",
  osUser: "sam",
  computer: "OFFICE-PC",
  orgId: "o1",
  orgName: "Acme",
  operation: "create",
  summary: "Created ada (ada@example.com)",
  personId: "u1",
  username: "ada",
  email: "ada@example.com",
  changes: [
    { field: "jobTitle", label: "Job title", before: null, after: "Engineer" },
    { field: "department", label: "Department", before: "Sales", after: "Research" },
  ],
  outcome: "done",
  error: null,
  source: "people.csv, line 7",
};

const failed: HistoryEntryView = {
  ...created,
  at: "2025-11-30T16:02:00Z",
  operation: "suspend",
  summary: "Suspend grace",
  username: "grace",
  changes: [],
  outcome: "failed",
  error: "JumpCloud could not find this person any more.",
  source: "added by hand",
};

/** A fake history_list/history_export; records the queries. */
function backend(answer: HistoryPage | AppError, saved: string | null = "/home/sam/acme-history.csv") {
  const lists: HistoryQuery[] = [];
  const exports: HistoryQuery[] = [];
  mockIPC((cmd, args) => {
    const { query } = args as { query: HistoryQuery };
    if (cmd === "history_list") {
      lists.push(query);
      if ("code" in answer) throw answer;
      return answer;
    }
    if (cmd === "history_export") {
      exports.push(query);
      return saved;
    }
    throw new Error(`unexpected ${cmd}`);
  });
  return { lists, exports };
}

function show(filter: HistoryFilter = NO_HISTORY_FILTER) {
  const onfilter = vi.fn();
  const view = render(HistoryScreen, { org: acme, filter, onfilter });
  return { onfilter, view };
}

describe("HistoryScreen", () => {
  it("lists the entries: when, who, what, the changes, the result and the source", async () => {
    const { lists } = backend({ total: 2, entries: [created, failed] });
    show();
    const entries = await screen.findAllByTestId("history-entry");
    expect(entries).toHaveLength(2);
    expect(lists).toEqual([
      { person: null, operation: null, outcome: null, since: null, until: null, offset: 0, limit: 100 },
    ]);
    const first = entries[0];
    expect(shownText(first)).toContain(whenText(created.at));
    expect(shownText(first)).toContain("by sam on OFFICE-PC");
    expect(shownText(first)).toContain("Created ada (ada@example.com)");
    expect(shownText(first?.querySelector("[data-testid=entry-outcome]"))).toBe("Done");
    const changes = Array.from(first?.querySelectorAll("[data-testid=entry-change]") ?? [], (c) =>
      shownText(c),
    );
    expect(changes).toEqual([
      "Job title: (empty) → changed to Engineer",
      "Department: Sales → changed to Research",
    ]);
    expect(shownText(first)).toContain("Source: people.csv, line 7");
    const second = entries[1];
    expect(shownText(second?.querySelector("[data-testid=entry-outcome]"))).toBe("Failed");
    expect(shownText(second?.querySelector("[data-testid=entry-error]"))).toBe(
      "This did not happen. JumpCloud could not find this person any more.",
    );
    expect(shownText(second)).toContain("Source: added by hand");
    expect(shownText(screen.getByTestId("history-count"))).toBe("2 entries");
    await expectNoAxeViolations(document.body, "the history");
  });

  it("says so in plain words when nothing was changed yet", async () => {
    backend({ total: 0, entries: [] });
    show();
    expect(shownText(await screen.findByTestId("history-empty"))).toBe(
      "Nothing has been changed in this organization through Roster yet.",
    );
    expect((screen.getByTestId("history-export") as HTMLButtonElement).disabled).toBe(true);
    await expectNoAxeViolations(document.body, "an empty history");
  });

  it("asks for what the filters say, one page at a time", async () => {
    const { lists } = backend({ total: 1234, entries: Array.from({ length: 100 }, () => created) });
    show({
      person: "ada",
      operation: "update",
      outcome: "failed",
      since: "2025-01-01",
      until: "2025-03-31",
      page: 3,
    });
    await vi.waitFor(() =>
      expect(shownText(screen.getByTestId("history-count"))).toBe("201–300 of 1,234 entries"),
    );
    expect(lists).toEqual([
      {
        person: "ada",
        operation: "update",
        outcome: "failed",
        since: "2025-01-01",
        until: "2025-03-31",
        offset: 200,
        limit: 100,
      },
    ]);
    // The form shows the filters in use.
    expect((screen.getByLabelText("Person (username or email)") as HTMLInputElement).value).toBe("ada");
    expect((screen.getByLabelText("What was done") as HTMLSelectElement).value).toBe("update");
    expect((screen.getByLabelText("Result") as HTMLSelectElement).value).toBe("failed");
  });

  it("names its filters and its pages for screen readers", async () => {
    backend({ total: 250, entries: [created, failed] });
    show({ ...NO_HISTORY_FILTER, person: "ada", outcome: "failed", page: 2 });
    await screen.findAllByTestId("history-entry");
    expect(screen.getByRole("navigation", { name: "Pages" })).toBeTruthy();
    await expectNoAxeViolations(document.body, "the history with filters and pages");
  });

  it("changing a filter asks for its first page", async () => {
    backend({ total: 2, entries: [created, failed] });
    const { onfilter } = show({ ...NO_HISTORY_FILTER, page: 4 });
    await screen.findAllByTestId("history-entry");
    await fireEvent.change(screen.getByLabelText("What was done"), { target: { value: "suspend" } });
    expect(onfilter).toHaveBeenLastCalledWith({ ...NO_HISTORY_FILTER, operation: "suspend" });
    await fireEvent.change(screen.getByLabelText("Result"), { target: { value: "failed" } });
    expect(onfilter).toHaveBeenLastCalledWith({
      ...NO_HISTORY_FILTER,
      operation: "suspend",
      outcome: "failed",
    });
    await fireEvent.change(screen.getByLabelText("From"), { target: { value: "2025-11-01" } });
    expect(onfilter).toHaveBeenLastCalledWith({
      ...NO_HISTORY_FILTER,
      operation: "suspend",
      outcome: "failed",
      since: "2025-11-01",
    });
    const person = screen.getByLabelText("Person (username or email)");
    await fireEvent.input(person, { target: { value: "  grace " } });
    await fireEvent.submit(screen.getByTestId("history-filters"));
    expect(onfilter).toHaveBeenLastCalledWith({
      ...NO_HISTORY_FILTER,
      person: "grace",
      operation: "suspend",
      outcome: "failed",
      since: "2025-11-01",
    });
  });

  it("waits for a whole date before filtering by it", async () => {
    backend({ total: 2, entries: [created, failed] });
    const { onfilter } = show({ ...NO_HISTORY_FILTER, since: "2025-11-01" });
    await screen.findAllByTestId("history-entry");
    const since = screen.getByLabelText("From") as HTMLInputElement;
    // What a date box holds while the year is still being typed.
    await fireEvent.change(since, { target: { value: "0002-11-01" } });
    expect(onfilter).not.toHaveBeenCalled();
    await fireEvent.change(since, { target: { value: "" } });
    expect(onfilter).toHaveBeenLastCalledWith(NO_HISTORY_FILTER);
  });

  it("reloads when the filter changes (Back, Forward, a new search)", async () => {
    const { lists } = backend({ total: 2, entries: [created, failed] });
    const { view } = show();
    await screen.findAllByTestId("history-entry");
    await view.rerender({ org: acme, filter: { ...NO_HISTORY_FILTER, person: "grace" }, onfilter: vi.fn() });
    await vi.waitFor(() => expect(lists).toHaveLength(2));
    expect(lists[1]?.person).toBe("grace");
  });

  it("pages with Previous and Next", async () => {
    backend({ total: 250, entries: Array.from({ length: 100 }, () => created) });
    const { onfilter } = show({ ...NO_HISTORY_FILTER, outcome: "done", page: 2 });
    await vi.waitFor(() =>
      expect(shownText(screen.getByTestId("history-count"))).toBe("101–200 of 250 entries"),
    );
    await fireEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(onfilter).toHaveBeenLastCalledWith({ ...NO_HISTORY_FILTER, outcome: "done", page: 3 });
    await fireEvent.click(screen.getByRole("button", { name: "Previous" }));
    expect(onfilter).toHaveBeenLastCalledWith({ ...NO_HISTORY_FILTER, outcome: "done", page: 1 });
  });

  it("exports what the filters match and says where it was saved", async () => {
    const { exports } = backend({ total: 2, entries: [created, failed] });
    show({ ...NO_HISTORY_FILTER, outcome: "failed" });
    await screen.findAllByTestId("history-entry");
    await fireEvent.click(screen.getByRole("button", { name: "Export to CSV…" }));
    const note = await screen.findByTestId("history-export-note");
    expect(shownText(note)).toBe("Saved the entries to /home/sam/acme-history.csv");
    await expectNoAxeViolations(document.body, "the note on the saved entries");
    expect(exports).toEqual([
      { person: null, operation: null, outcome: "failed", since: null, until: null, offset: 0, limit: 2 },
    ]);
  });

  it("says nothing when the save dialog is cancelled", async () => {
    const { exports } = backend({ total: 2, entries: [created, failed] }, null);
    show();
    await screen.findAllByTestId("history-entry");
    await fireEvent.click(screen.getByRole("button", { name: "Export to CSV…" }));
    await vi.waitFor(() => expect(exports).toHaveLength(1));
    expect(screen.queryByTestId("history-export-note")).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("shows what went wrong in plain words", async () => {
    backend({ code: "write_failed", message: "Roster could not read its history file. Restart Roster." });
    show();
    const alert = await screen.findByRole("alert");
    expect(alert.getAttribute("data-code")).toBe("write_failed");
    expect(shownText(alert)).toContain("could not read its history file");
    expect(screen.queryAllByTestId("history-entry")).toHaveLength(0);
    await expectNoAxeViolations(document.body, "the history that could not be read");
  });

  it("offers to try again when JumpCloud or the network was the trouble", async () => {
    let calls = 0;
    mockIPC((cmd) => {
      if (cmd !== "history_list") throw new Error(`unexpected ${cmd}`);
      calls += 1;
      if (calls === 1) throw { code: "offline", message: "Roster could not reach JumpCloud." };
      return { total: 1, entries: [created] };
    });
    show();
    await fireEvent.click(await screen.findByRole("button", { name: "Try again" }));
    expect(await screen.findAllByTestId("history-entry")).toHaveLength(1);
    expect(screen.queryByRole("alert")).toBeNull();
    expect(shownText(screen.getByTestId("history-count"))).toBe("1 entry");
  });
});
