import { mockIPC } from "@tauri-apps/api/mocks";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { deferred, expectNoAxeViolations, shownText } from "../test-utils";
import type { OrgSummary, PeopleFacets, PeoplePage } from "./bindings";
import { ROW_HEIGHT } from "./people/PeopleGrid.svelte";
import { selection } from "./people/selection.svelte";
import { facets, type PeopleCall, pageOf, person } from "./people/test-people";
import { NO_PEOPLE_FILTER, type PeopleFilter } from "./router.svelte";
import UsersScreen from "./UsersScreen.svelte";

const acme: OrgSummary = { name: "Acme", kind: "jumpcloud", location: "JumpCloud, United States region" };

/** An organization of `matching` people; records each people_query. */
function backend(matching: number, first?: Promise<PeoplePage>, withFacets: PeopleFacets = facets) {
  const queries: PeopleCall[] = [];
  const idsAsked: PeopleFilter[] = [];
  mockIPC((cmd, args) => {
    switch (cmd) {
      case "people_query": {
        const call = args as PeopleCall;
        queries.push(call);
        if (first && queries.length === 1) return first;
        return pageOf(matching, call.offset, call.limit);
      }
      case "people_facets":
        return withFacets;
      case "protected_list":
        return [];
      case "people_matching_ids":
        idsAsked.push((args as { filter: PeopleFilter }).filter);
        return Array.from({ length: matching }, (_, i) => person(i).id);
      case "pick_csv_file":
        return { path: "/home/admin/leavers.csv", name: "leavers.csv", sizeBytes: 40 };
      case "offboard_people_in_file":
        return {
          ids: [person(1).id, person(2).id],
          unknown: [
            {
              line: 4,
              value: "ghost@x.com",
              message: 'Line 4: nobody in Acme has the username or email "ghost@x.com".',
            },
          ],
          file: "leavers.csv",
        };
      default:
        throw new Error(`unexpected ${cmd}`);
    }
  });
  return { queries, idsAsked };
}

function show(filter: PeopleFilter = NO_PEOPLE_FILTER) {
  const props = {
    org: acme,
    filter,
    onfilter: vi.fn(),
    onopen: vi.fn(),
    onaddone: vi.fn(),
    onplatform: vi.fn(),
    onimport: vi.fn(),
  };
  render(UsersScreen, props);
  return props;
}

function rows() {
  return screen.queryAllByTestId("user-row");
}

function row(index: number): HTMLElement {
  const found = document.querySelector<HTMLElement>(`[data-testid="user-row"][data-index="${index}"]`);
  if (!found) throw new Error(`row ${index} is not in the page`);
  return found;
}

function checkbox(index: number): HTMLInputElement {
  const box = row(index).querySelector<HTMLInputElement>("input[type=checkbox]");
  if (!box) throw new Error(`row ${index} has no checkbox`);
  return box;
}

describe("the people list", () => {
  it("says it is reading the whole organization while the first answer is on its way", async () => {
    const first = deferred<PeoplePage>();
    backend(3, first.promise);
    show();
    const status = screen.getByTestId("people-loading");
    expect(status.getAttribute("role")).toBe("status");
    expect(shownText(status)).toContain("Loading everyone in Acme…");
    await expectNoAxeViolations(document.body, "the list while it loads");
    first.resolve(pageOf(3, 0, 200));
    expect(await screen.findByText("person.00002")).toBeTruthy();
    expect(shownText(screen.getByTestId("people-loading"))).toBe("");
    expect(shownText(screen.getByTestId("people-updated"))).toBe("Updated 2 minutes ago");
    await expectNoAxeViolations(document.body, "the people list");
  });

  it("keeps only the rows in view in the page, and asks for the windows scrolled to", async () => {
    const { queries } = backend(50_000);
    show();
    await screen.findByText("person.00000");
    expect(shownText(screen.getByTestId("user-count"))).toBe("50,000 of 50,000 people");
    expect(rows().length).toBeGreaterThan(10);
    expect(rows().length).toBeLessThan(200);
    expect(row(0).querySelector(".username")?.textContent).toBe("person.00000");
    expect(queries).toEqual([{ filter: NO_PEOPLE_FILTER, offset: 0, limit: 200 }]);
    expect(screen.getByTestId("users-table").getAttribute("aria-rowcount")).toBe("50001");

    const scroller = screen.getByTestId("people-scroller");
    scroller.scrollTop = 20_000 * ROW_HEIGHT;
    await fireEvent.scroll(scroller);
    await vi.waitFor(() => expect(row(20_000).querySelector(".username")?.textContent).toBe("person.20000"));
    expect(rows().length).toBeLessThan(200);
    expect(document.querySelector('[data-index="0"]')).toBeNull();
    // The rows either side of the view are in the window before (19,800–19,999) and this one.
    expect(queries.slice(1).map((q) => q.offset)).toEqual([19_800, 20_000]);
    expect(queries.every((q) => q.limit === 200)).toBe(true);

    // Scrolling a little within the same windows asks for nothing more.
    scroller.scrollTop = 20_050 * ROW_HEIGHT;
    await fireEvent.scroll(scroller);
    await vi.waitFor(() => expect(row(20_050)).toBeTruthy());
    expect(queries).toHaveLength(3);
  });

  it("picks a range with Shift-click, toggles with Ctrl-click, and can pick all that match", async () => {
    const { idsAsked } = backend(300);
    show();
    await screen.findByText("person.00000");
    await fireEvent.click(checkbox(2));
    await fireEvent.click(checkbox(5), { shiftKey: true });
    await vi.waitFor(() => expect(selection.count).toBe(4));
    expect([2, 3, 4, 5].every((i) => row(i).getAttribute("aria-selected") === "true")).toBe(true);
    expect(row(1).getAttribute("aria-selected")).toBe("false");
    expect(row(6).getAttribute("aria-selected")).toBe("false");
    expect(checkbox(4).checked).toBe(true);
    expect(shownText(screen.getByTestId("selected-count"))).toBe("4 selected");
    await expectNoAxeViolations(document.body, "the list with people selected");

    await fireEvent.click(row(3).querySelector("td.username") as HTMLElement, { ctrlKey: true });
    expect(row(3).getAttribute("aria-selected")).toBe("false");
    expect(shownText(screen.getByTestId("selected-count"))).toBe("3 selected");

    await fireEvent.click(screen.getByTestId("clear-selection"));
    expect(selection.count).toBe(0);
    expect(screen.queryByTestId("selected-count")).toBeNull();

    await fireEvent.click(screen.getByRole("button", { name: "Select all 300 that match" }));
    await vi.waitFor(() => expect(shownText(screen.getByTestId("selected-count"))).toBe("300 selected"));
    expect(idsAsked).toEqual([NO_PEOPLE_FILTER]);
    expect(screen.queryByTestId("select-all-matching")).toBeNull();
  });

  it("works from the keyboard: arrows move, Space picks, Enter opens, Esc lets go", async () => {
    backend(300);
    const props = show({ ...NO_PEOPLE_FILTER, search: "person" });
    await screen.findByText("person.00000");
    const grid = screen.getByTestId("users-table");
    grid.focus();
    expect(grid.getAttribute("tabindex")).toBe("0");
    await fireEvent.keyDown(grid, { key: "ArrowDown" });
    await fireEvent.keyDown(grid, { key: "ArrowDown" });
    expect(grid.getAttribute("aria-activedescendant")).toBe(row(2).id);
    expect(row(2).classList.contains("active")).toBe(true);
    await expectNoAxeViolations(document.body, "the list with a row active");

    await fireEvent.keyDown(grid, { key: " " });
    expect(row(2).getAttribute("aria-selected")).toBe("true");
    await fireEvent.keyDown(grid, { key: "ArrowDown", shiftKey: true });
    await vi.waitFor(() => expect(selection.count).toBe(2));

    await fireEvent.keyDown(grid, { key: "Enter" });
    expect(props.onopen).toHaveBeenCalledWith(person(3));

    // Esc clears the search first; the picks go only once there is no search.
    await fireEvent.keyDown(grid, { key: "Escape" });
    expect(props.onfilter).toHaveBeenCalledWith({ ...NO_PEOPLE_FILTER, search: "" }, true);
    expect(selection.count).toBe(2);
  });

  it("sorts by a column header, and again for the other way", async () => {
    backend(3);
    const props = show({ ...NO_PEOPLE_FILTER, sort: "department" });
    await screen.findByText("person.00000");
    const department = screen.getByTestId("sort-department");
    expect(department.closest("th")?.getAttribute("aria-sort")).toBe("ascending");
    expect(screen.getByTestId("sort-name").closest("th")?.hasAttribute("aria-sort")).toBe(false);
    await expectNoAxeViolations(document.body, "the list sorted by department");
    await fireEvent.click(department);
    expect(props.onfilter).toHaveBeenLastCalledWith(
      { ...NO_PEOPLE_FILTER, sort: "department", descending: true },
      true,
    );
    await fireEvent.click(screen.getByTestId("sort-created"));
    expect(props.onfilter).toHaveBeenLastCalledWith(
      { ...NO_PEOPLE_FILTER, sort: "created", descending: false },
      true,
    );
  });

  it("offers the organization's departments, locations, directories and groups, with state counts", async () => {
    backend(3);
    const props = show();
    await screen.findByText("person.00000");
    const state = (await screen.findByTestId("filter-state")) as HTMLSelectElement;
    await vi.waitFor(() => expect(shownText(state)).toContain("Suspended (16,666)"));
    expect(shownText(screen.getByTestId("filter-directory"))).toContain("Google Workspace (100)");
    // The search box is named by its label alone; how it works is its description.
    const search = screen.getByRole("searchbox", { name: "Search" });
    expect(search).toBe(screen.getByTestId("people-search"));
    expect(shownText(document.getElementById(search.getAttribute("aria-describedby") ?? ""))).toBe(
      "The list changes as you type. Esc clears.",
    );
    await expectNoAxeViolations(document.body, "the filters");
    await fireEvent.change(screen.getByTestId("filter-department"), { target: { value: "Sales" } });
    expect(props.onfilter).toHaveBeenLastCalledWith({ ...NO_PEOPLE_FILTER, department: "Sales" }, false);
    await fireEvent.change(screen.getByTestId("filter-days"), { target: { value: "30" } });
    expect(props.onfilter).toHaveBeenLastCalledWith({ ...NO_PEOPLE_FILTER, createdWithinDays: 30 }, false);
  });
});

describe("picking the people a spreadsheet lists", () => {
  it("picks them and names the lines that name nobody", async () => {
    selection.clear();
    backend(5);
    show();
    await screen.findByText("person.00002");
    await fireEvent.click(screen.getByTestId("pick-listed"));
    const note = await screen.findByTestId("listed-note");
    expect(shownText(note)).toContain("Picked 2 people listed in “leavers.csv”");
    expect(shownText(screen.getByTestId("listed-unknown"))).toContain("Line 4: nobody in Acme");
    expect(selection.has(person(1).id) && selection.has(person(2).id)).toBe(true);
    expect(selection.count).toBe(2);
    await expectNoAxeViolations(document.body, "the note on the people a spreadsheet lists");
  });
});

describe("importing from a platform", () => {
  const ldap = {
    id: "l1",
    name: "JumpCloud LDAP",
    kind: "JumpCloud LDAP",
    count: 3,
    bindEffect: "",
    unbindEffect: "",
  };
  const microsoft = {
    id: "m1",
    name: "Contractors",
    kind: "Microsoft 365",
    count: 3,
    bindEffect: "",
    unbindEffect: "",
  };
  const more: PeopleFacets = { ...facets, directories: [...facets.directories, ldap, microsoft] };

  it("is in the + menu", async () => {
    backend(3);
    const props = show();
    await screen.findByText("person.00000");
    await fireEvent.click(screen.getByTestId("add-people"));
    const item = screen.getByTestId("add-from-platform");
    await expectNoAxeViolations(document.body, "the + menu");
    expect(item.getAttribute("aria-disabled")).toBeNull();
    expect(shownText(item)).toContain(
      "Pick people from your organization's Google Workspace or Microsoft 365.",
    );
    await fireEvent.click(item);
    expect(props.onplatform).toHaveBeenCalledWith(null);
    expect(screen.queryByRole("menu")).toBeNull();
  });

  it("is offered on a Google Workspace or Microsoft 365 directory's list", async () => {
    backend(3, undefined, more);
    const props = show({ ...NO_PEOPLE_FILTER, directory: "m1" });
    const button = await screen.findByTestId("import-from-directory");
    expect(shownText(button)).toBe("Import people from Contractors");
    await expectNoAxeViolations(document.body, "a directory's list");
    await fireEvent.click(button);
    expect(props.onplatform).toHaveBeenCalledWith("m1");
  });

  it("is not offered for other directories, or for everyone", async () => {
    backend(3, undefined, more);
    show({ ...NO_PEOPLE_FILTER, directory: "l1" });
    await screen.findByText("person.00000");
    await vi.waitFor(() =>
      expect(shownText(screen.getByTestId("filter-directory"))).toContain("JumpCloud LDAP"),
    );
    expect(screen.queryByTestId("import-from-directory")).toBeNull();
    cleanup();
    backend(3, undefined, more);
    show();
    await screen.findByText("person.00000");
    await vi.waitFor(() =>
      expect(shownText(screen.getByTestId("filter-directory"))).toContain("Contractors"),
    );
    expect(screen.queryByTestId("import-from-directory")).toBeNull();
  });
});
