import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { deferred, expectNoAxeViolations, sendOnChannel, shownText } from "../../test-utils";
import type {
  OffboardAction,
  OffboardPreviewView,
  OffboardResult,
  OffboardRowView,
  OrgSummary,
  PersonProfile,
  ProtectedPerson,
} from "../bindings";
import PersonScreen from "../PersonScreen.svelte";
import { selection } from "../people/selection.svelte";
import { facets, type PeopleCall, pageOf, person } from "../people/test-people";
import { NO_PEOPLE_FILTER } from "../router.svelte";
import UsersScreen from "../UsersScreen.svelte";
import { offboarding } from "./flow.svelte";

const acme: OrgSummary = { name: "Acme", kind: "jumpcloud", location: "JumpCloud, United States region" };

const SUSPEND_WILL = "Suspended: no sign-in anywhere; their data is kept.";
const PROTECTED_WILL =
  "Refused: this person is protected in Roster (Settings → Protected people). Remove the protection first if this is really meant.";
const SUSPEND_CONSEQUENCES = [
  "They can no longer sign in to their computer, email or any app connected to JumpCloud.",
  "Their data, settings, groups and directory bindings are kept.",
  "Suspended people are still billed as active users.",
];

/** The preview row of made-up person `i`. */
function row(i: number, will = SUSPEND_WILL, more: Partial<OffboardRowView> = {}): OffboardRowView {
  const p = person(i);
  return {
    id: p.id,
    username: p.username,
    name: p.name,
    email: p.email,
    state: "active",
    will,
    refused: false,
    reports: [],
    ...more,
  };
}

function preview(rows: OffboardRowView[], more: Partial<OffboardPreviewView> = {}): OffboardPreviewView {
  const changing = rows.filter((r) => !r.refused).length;
  return {
    rows,
    changing,
    refused: rows.length - changing,
    needsCount: false,
    needsReportsChoice: false,
    consequences: SUSPEND_CONSEQUENCES,
    ...more,
  };
}

function result(outcome: string, rows: OffboardRowView[]): OffboardResult {
  const done = rows.filter((r) => !r.refused);
  const counts = [{ outcome, count: done.length }];
  if (done.length < rows.length) counts.push({ outcome: "skipped", count: rows.length - done.length });
  return {
    jobId: "job-1",
    counts,
    rows: rows.map((r) => ({
      username: r.username,
      name: r.name,
      outcome: r.refused ? "skipped" : outcome,
      message: r.refused ? r.will : null,
      earlier: false,
    })),
    stopped: null,
    reportPath: "/home/sam/Roster/reports/job-1.csv",
  };
}

type Run = { people: string[]; action: OffboardAction; typedCount: number | null; reason: string | null };

/** The list's and the offboarding's commands; records the previews and runs asked for. */
function backend(options: {
  answer: (action: OffboardAction) => OffboardPreviewView;
  ran?: (action: OffboardAction) => OffboardResult;
  protectedPeople?: ProtectedPerson[];
  profile?: PersonProfile;
}) {
  const previews: { people: string[]; action: OffboardAction }[] = [];
  const runs: Run[] = [];
  const queries: PeopleCall[] = [];
  mockIPC((cmd, args) => {
    switch (cmd) {
      case "people_query": {
        const call = args as PeopleCall;
        queries.push(call);
        return pageOf(30, call.offset, call.limit);
      }
      case "people_facets":
        return facets;
      case "protected_list":
        return options.protectedPeople ?? [];
      case "scheduled_list":
        return [];
      case "person_profile":
        return options.profile;
      case "offboard_preview": {
        const asked = args as { people: string[]; action: OffboardAction };
        previews.push(asked);
        return options.answer(asked.action);
      }
      case "offboard_run": {
        const run = args as Run;
        runs.push({ people: run.people, action: run.action, typedCount: run.typedCount, reason: run.reason });
        return options.ran?.(run.action) ?? result("suspended", []);
      }
      default:
        throw new Error(`unexpected ${cmd}`);
    }
  });
  return { previews, runs, queries };
}

async function showList() {
  render(UsersScreen, {
    org: acme,
    filter: NO_PEOPLE_FILTER,
    onfilter: vi.fn(),
    onopen: vi.fn(),
    onaddone: vi.fn(),
    onplatform: vi.fn(),
    onimport: vi.fn(),
  });
  await screen.findByText("person.00000");
}

function confirmButton(): HTMLButtonElement {
  return screen.getByTestId("offboard-confirm") as HTMLButtonElement;
}

describe("suspending the people picked", () => {
  it("names them and the organization, shows that they are still billed, and runs what was confirmed", async () => {
    const people = [row(0), row(1)];
    const { previews, runs, queries } = backend({
      answer: () => preview(people),
      ran: () => result("suspended", people),
    });
    selection.add(["u00000", "u00001", "u00002"]);
    await showList();
    // The picked person 2 is not in the preview below; only 0 and 1 change.
    await fireEvent.click(screen.getByTestId("offboard-suspend"));
    expect(shownText(screen.getByTestId("offboard-suspend"))).toBe("Suspend 3…");

    const dialog = await screen.findByRole("dialog", { name: "Suspend 2 people?" });
    expect(previews).toEqual([{ people: ["u00000", "u00001", "u00002"], action: { kind: "suspend" } }]);
    expect(shownText(within(dialog).getByTestId("confirm-org"))).toContain("Acme");
    const names = within(dialog).getByTestId("offboard-people");
    expect(shownText(names)).toContain("Person 00000 (person.00000)");
    expect(shownText(names)).toContain("Person 00001 (person.00001)");
    const billing = within(dialog).getByTestId("billing-notice");
    expect(shownText(billing)).toBe("Suspended people are still billed as active users.");
    expect(billing.querySelector("strong")).toBeTruthy();
    expect(shownText(dialog)).toContain("They can no longer sign in");
    // The safe choice has the focus.
    expect(document.activeElement).toBe(within(dialog).getByRole("button", { name: "Cancel" }));
    await expectNoAxeViolations(document.body, "the confirmation of a suspension");

    await fireEvent.input(within(dialog).getByTestId("offboard-reason"), {
      target: { value: "  Left on 31 May " },
    });
    await fireEvent.click(confirmButton());

    const done = await screen.findByTestId("offboard-result");
    expect(shownText(within(done).getByTestId("offboard-counts"))).toBe("2 suspended");
    expect(shownText(within(done).getByTestId("offboard-report-path"))).toBe(
      "/home/sam/Roster/reports/job-1.csv",
    );
    expect(runs).toEqual([
      {
        people: ["u00000", "u00001", "u00002"],
        action: { kind: "suspend" },
        typedCount: null,
        reason: "Left on 31 May",
      },
    ]);
    // The list is read again, and those it changed are no longer picked.
    await vi.waitFor(() => expect(queries.length).toBeGreaterThan(1));
    expect(selection.list()).toEqual(["u00002"]);
    // Said to screen readers by a live region that was on the page before the result came.
    expect(screen.getAllByRole("status").map((s) => shownText(s))).toContain("Done: 2 suspended.");
    await expectNoAxeViolations(document.body, "the result of a suspension");
    await fireEvent.click(within(done).getByTestId("offboard-close"));
    expect(screen.queryByTestId("offboard-result")).toBeNull();
  });

  it("marks a protected person's refused row with the lock and the reason, and counts only what happened", async () => {
    const people = [row(0), row(1, PROTECTED_WILL, { refused: true })];
    backend({
      answer: () => preview(people),
      ran: () => result("suspended", people),
      protectedPeople: [{ id: "u00001", username: "person.00001", present: true }],
    });
    selection.add(["u00000", "u00001"]);
    await showList();
    // The list shows the lock by the protected person's name.
    const locks = screen.getAllByTestId("protected-lock");
    expect(locks).toHaveLength(1);
    expect(locks[0]?.closest("tr")?.querySelector(".username")?.textContent).toBe("person.00001");

    await fireEvent.click(screen.getByTestId("offboard-suspend"));
    const dialog = await screen.findByRole("dialog", { name: "Suspend Person 00000?" });
    expect(shownText(within(dialog).getByTestId("offboard-people"))).not.toContain("person.00001");
    const refused = within(dialog).getAllByTestId("offboard-refused-row");
    expect(refused).toHaveLength(1);
    const only = refused[0] as HTMLElement;
    expect(within(only).getByRole("img", { name: "Protected" }).textContent).toBe("🔒");
    expect(shownText(only)).toBe(`🔒 Person 00001 (person.00001): ${PROTECTED_WILL}`);
    await expectNoAxeViolations(document.body, "the confirmation with a refused row");

    await fireEvent.click(confirmButton());
    expect(shownText(await screen.findByTestId("offboard-counts"))).toBe("1 suspended, 1 not changed");
  });

  it("says plainly when nobody would change, and cannot confirm", async () => {
    backend({ answer: () => preview([row(0, "Already suspended: nothing to do.", { refused: true })]) });
    selection.add(["u00000"]);
    await showList();
    await fireEvent.click(screen.getByTestId("offboard-suspend"));
    const dialog = await screen.findByRole("dialog", { name: "Nobody to suspend" });
    expect(shownText(within(dialog).getByTestId("offboard-refused"))).toContain(
      "Already suspended: nothing to do.",
    );
    expect(confirmButton().disabled).toBe(true);
    await expectNoAxeViolations(document.body, "nobody to suspend");
    await fireEvent.click(within(dialog).getByRole("button", { name: "Close" }));
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("names only the first few of many, with the full list on request", async () => {
    const people = Array.from({ length: 8 }, (_, i) => row(i));
    backend({ answer: () => preview(people) });
    selection.add(people.map((p) => p.id));
    await showList();
    await fireEvent.click(screen.getByTestId("offboard-suspend"));
    const dialog = await screen.findByRole("dialog", { name: "Suspend 8 people?" });
    expect(within(within(dialog).getByTestId("offboard-people")).getAllByRole("listitem")).toHaveLength(3);
    expect(shownText(dialog)).toContain("…and 5 people more.");
    const more = within(dialog).getByTestId("offboard-show-all");
    expect(more.getAttribute("aria-expanded")).toBe("false");
    await fireEvent.click(more);
    expect(within(within(dialog).getByTestId("offboard-people")).getAllByRole("listitem")).toHaveLength(8);
    expect(more.getAttribute("aria-expanded")).toBe("true");
    await expectNoAxeViolations(document.body, "the full list of people to change");
  });

  it("asks for the count of a large batch, and sends the count typed", async () => {
    const people = Array.from({ length: 25 }, (_, i) => row(i));
    const { runs } = backend({
      answer: () => preview(people, { needsCount: true }),
      ran: () => result("suspended", people),
    });
    selection.add(people.map((p) => p.id));
    await showList();
    await fireEvent.click(screen.getByTestId("offboard-suspend"));
    await screen.findByRole("dialog", { name: "Suspend 25 people?" });
    await fireEvent.click(confirmButton());

    const count = screen.getByRole("dialog", { name: "Suspend 25 people at once?" });
    const input = within(count).getByTestId("confirm-count-input") as HTMLInputElement;
    const go = within(count).getByTestId("offboard-confirm-count") as HTMLButtonElement;
    expect(document.activeElement).toBe(input);
    expect(go.disabled).toBe(true);
    await expectNoAxeViolations(document.body, "the count to type");
    await fireEvent.input(input, { target: { value: "24" } });
    expect(go.disabled).toBe(true);
    expect(runs).toHaveLength(0);
    await fireEvent.input(input, { target: { value: "25" } });
    await fireEvent.click(go);
    await screen.findByTestId("offboard-result");
    expect(runs).toHaveLength(1);
    expect(runs[0]?.typedCount).toBe(25);
    expect(runs[0]?.action).toEqual({ kind: "suspend" });
  });

  it("shows why the check could not be made, in words", async () => {
    mockIPC((cmd) => {
      if (cmd === "people_query") return pageOf(3, 0, 200);
      if (cmd === "people_facets") return facets;
      if (cmd === "protected_list") return [];
      if (cmd === "offboard_preview")
        throw {
          code: "offline",
          message: "Roster could not reach JumpCloud. Check the internet connection.",
        };
      throw new Error(`unexpected ${cmd}`);
    });
    selection.add(["u00000"]);
    await showList();
    await fireEvent.click(screen.getByTestId("offboard-suspend"));
    const alert = await screen.findByRole("alert");
    expect(shownText(alert)).toContain("Check the internet connection.");
    expect(screen.queryByRole("dialog")).toBeNull();
    await expectNoAxeViolations(document.body, "a check that could not be made");
    await fireEvent.click(screen.getByTestId("offboard-dismiss"));
    expect(screen.queryByRole("alert")).toBeNull();
  });
});

describe("deleting", () => {
  const DELETE_WILL = "Deleted from JumpCloud, after Roster archives them.";
  const deleteConsequences = {
    consequences: [
      "Deleting is permanent in JumpCloud: it has no undelete.",
      "To be able to change your mind, suspend them now and delete later.",
    ],
  };

  const profile: PersonProfile = {
    person: {
      ...person(0),
      name: "Ada Lovelace",
      username: "ada",
      email: "ada@example.com",
      state: "active",
    },
    details: [],
    directories: [],
    groups: [],
    otherDirectories: [],
    otherGroups: [],
    canActivate: false,
  };
  const ada = { ...row(0, DELETE_WILL), name: "Ada Lovelace", username: "ada", email: "ada@example.com" };

  it("one person from their profile: the username must be typed before it can confirm", async () => {
    const { runs } = backend({
      profile,
      answer: () => preview([ada], deleteConsequences),
      ran: () => result("deleted", [ada]),
    });
    render(PersonScreen, { id: "u00000", tab: "details", org: acme });
    await fireEvent.click(await screen.findByTestId("offboard-delete"));
    const dialog = await screen.findByRole("dialog", { name: "Delete Ada Lovelace?" });
    expect(shownText(within(dialog).getByTestId("delete-permanent"))).toContain("This is permanent.");
    const input = within(dialog).getByLabelText("To confirm, type ada") as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    expect(confirmButton().disabled).toBe(true);
    await expectNoAxeViolations(document.body, "the confirmation of a deletion");
    await fireEvent.input(input, { target: { value: "Ada" } });
    expect(confirmButton().disabled).toBe(true);
    await fireEvent.input(input, { target: { value: "ada" } });
    expect(confirmButton().disabled).toBe(false);
    await fireEvent.click(confirmButton());

    expect(shownText(await screen.findByTestId("offboard-counts"))).toBe("1 deleted");
    expect(runs).toEqual([
      {
        people: ["u00000"],
        action: { kind: "delete", reports: { how: "ask" } },
        typedCount: null,
        reason: null,
      },
    ]);
    // Their profile is gone: the screen says so and offers the way back.
    expect(shownText(screen.getByTestId("person-deleted"))).toContain("Ada Lovelace was deleted");
    expect(screen.getByTestId("offboard-back")).toBeTruthy();
    expect(screen.queryByTestId("offboard-delete")).toBeNull();
    await expectNoAxeViolations(document.body, "the profile of someone deleted");
  });

  it("offers to suspend instead", async () => {
    const { previews } = backend({
      profile,
      answer: (action) =>
        action.kind === "delete"
          ? preview([ada], deleteConsequences)
          : preview([{ ...ada, will: SUSPEND_WILL }]),
    });
    render(PersonScreen, { id: "u00000", tab: "details", org: acme });
    await fireEvent.click(await screen.findByTestId("offboard-delete"));
    await screen.findByRole("dialog", { name: "Delete Ada Lovelace?" });
    await fireEvent.click(screen.getByTestId("offboard-suspend-instead"));
    const dialog = await screen.findByRole("dialog", { name: "Suspend Ada Lovelace?" });
    expect(within(dialog).getByTestId("billing-notice")).toBeTruthy();
    expect(within(dialog).queryByTestId("confirm-type")).toBeNull();
    expect(previews.map((p) => p.action.kind)).toEqual(["delete", "suspend"]);
  });

  it("someone who manages people: a choice for their reports is needed, and sent", async () => {
    const boss = row(0, DELETE_WILL, { reports: ["person.00005", "person.00006"] });
    const other = row(1, DELETE_WILL);
    const { runs, previews } = backend({
      answer: () => preview([boss, other], { needsReportsChoice: true, ...deleteConsequences }),
      ran: () => result("deleted", [boss, other]),
    });
    selection.add([boss.id, other.id]);
    await showList();
    await fireEvent.click(screen.getByTestId("offboard-delete"));
    const dialog = await screen.findByRole("dialog", { name: "Delete 2 people?" });
    expect(previews[0]?.action).toEqual({ kind: "delete", reports: { how: "ask" } });
    expect(shownText(within(dialog).getByTestId("reports-managers"))).toBe(
      "Person 00000 (person.00000) manages person.00005, person.00006.",
    );
    // Many people: the count is what is typed.
    await fireEvent.input(within(dialog).getByLabelText("To confirm, type 2"), { target: { value: "2" } });
    expect(confirmButton().disabled).toBe(true);
    expect(within(dialog).getByTestId("reports-needed")).toBeTruthy();
    await expectNoAxeViolations(document.body, "the choice for the reports of someone deleted");
    await fireEvent.click(within(dialog).getByTestId("reports-clear"));
    expect(confirmButton().disabled).toBe(false);
    await fireEvent.click(confirmButton());
    await screen.findByTestId("offboard-result");
    expect(runs).toEqual([
      {
        people: [boss.id, other.id],
        action: { kind: "delete", reports: { how: "clear" } },
        typedCount: null,
        reason: null,
      },
    ]);
  });

  it("gives the reports another manager, found by name, never one of those deleted", async () => {
    const boss = row(0, DELETE_WILL, { reports: ["person.00005"] });
    const { runs, queries } = backend({
      answer: () => preview([boss], { needsReportsChoice: true, ...deleteConsequences }),
      ran: () => result("deleted", [boss]),
    });
    selection.add([boss.id]);
    await showList();
    await fireEvent.click(screen.getByTestId("offboard-delete"));
    const dialog = await screen.findByRole("dialog", { name: "Delete Person 00000?" });
    await fireEvent.input(within(dialog).getByTestId("confirm-type"), { target: { value: "person.00000" } });
    await fireEvent.click(within(dialog).getByTestId("reports-hand-to"));
    expect(confirmButton().disabled).toBe(true);
    const select = (await within(dialog).findByTestId("reports-manager")) as HTMLSelectElement;
    await fireEvent.input(within(dialog).getByTestId("reports-manager-search"), {
      target: { value: "person" },
    });
    await vi.waitFor(() =>
      expect(queries.some((q) => q.filter.search === "person" && q.limit === 25)).toBe(true),
    );
    await vi.waitFor(() => expect(select.options.length).toBeGreaterThan(2));
    const offered = Array.from(select.options).map((o) => o.value);
    expect(offered).not.toContain("u00000");
    await fireEvent.change(select, { target: { value: "u00003" } });
    expect(confirmButton().disabled).toBe(false);
    await expectNoAxeViolations(document.body, "another manager for the reports");
    await fireEvent.click(confirmButton());
    await screen.findByTestId("offboard-result");
    expect(runs[0]?.action).toEqual({ kind: "delete", reports: { how: "handTo", managerId: "u00003" } });
  });
});

describe("on a date", () => {
  it("asks when, in this computer's time, and sends it in UTC", async () => {
    const at = "2030-06-01T09:30";
    const utc = new Date(at).toISOString().replace(".000Z", "Z");
    const { previews, runs } = backend({
      answer: () =>
        preview([row(0, `Suspended by JumpCloud on ${utc}.`)], {
          consequences: [
            ...SUSPEND_CONSEQUENCES,
            "JumpCloud does it on that date, even when Roster is closed.",
          ],
        }),
      ran: () => result("scheduled", [row(0)]),
    });
    selection.add(["u00000"]);
    await showList();
    await fireEvent.click(screen.getByTestId("offboard-schedule"));
    const step = screen.getByRole("dialog", { name: "Change 1 person on a date" });
    expect(shownText(step)).toContain("JumpCloud does it on that date, even when Roster is closed.");
    const go = within(step).getByTestId("schedule-continue") as HTMLButtonElement;
    expect(go.disabled).toBe(true);
    await expectNoAxeViolations(document.body, "the schedule step");
    await fireEvent.input(within(step).getByTestId("schedule-at"), { target: { value: "2001-01-01T09:00" } });
    expect(go.disabled).toBe(true);
    expect(shownText(within(step).getByTestId("schedule-when"))).toContain("still to come");
    await expectNoAxeViolations(document.body, "the schedule step with a date past");
    await fireEvent.input(within(step).getByTestId("schedule-at"), { target: { value: at } });
    expect(go.disabled).toBe(false);
    await fireEvent.click(go);

    const dialog = await screen.findByRole("dialog", {
      name: /^Suspend Person 00000 on 1 Jun 2030 at 09:30\?$/,
    });
    expect(within(dialog).getByTestId("billing-notice")).toBeTruthy();
    await expectNoAxeViolations(document.body, "the confirmation of a scheduled suspension");
    const action = { kind: "schedule", suspend: true, at: utc, sendEmail: true };
    expect(previews[0]?.action).toEqual(action);
    await fireEvent.click(confirmButton());
    expect(shownText(await screen.findByTestId("offboard-counts"))).toBe("1 scheduled");
    await expectNoAxeViolations(document.body, "the result of a scheduled change");
    expect(runs[0]?.action).toEqual(action);
  });
});

describe("while it runs", () => {
  it("shows how far it is, can stop, and keeps going when the list is left and opened again", async () => {
    const people = [row(0), row(1)];
    const answer = deferred<OffboardResult>();
    let channel: unknown = null;
    const cancelled: string[] = [];
    mockIPC((cmd, args) => {
      switch (cmd) {
        case "people_query": {
          const call = args as PeopleCall;
          return pageOf(3, call.offset, call.limit);
        }
        case "people_facets":
          return facets;
        case "protected_list":
          return [];
        case "offboard_preview":
          return preview(people);
        case "offboard_run":
          channel = (args as { onProgress: unknown }).onProgress;
          return answer.promise;
        case "import_cancel":
          cancelled.push((args as { jobId: string }).jobId);
          return true;
        default:
          throw new Error(`unexpected ${cmd}`);
      }
    });
    selection.add(["u00000", "u00001"]);
    const props = {
      org: acme,
      filter: NO_PEOPLE_FILTER,
      onfilter: vi.fn(),
      onopen: vi.fn(),
      onaddone: vi.fn(),
      onplatform: vi.fn(),
      onimport: vi.fn(),
    };
    const view = render(UsersScreen, props);
    await screen.findByText("person.00000");
    await fireEvent.click(screen.getByTestId("offboard-suspend"));
    await screen.findByRole("dialog");
    await fireEvent.click(confirmButton());

    const progress = await screen.findByTestId("offboard-progress");
    await vi.waitFor(() => expect(channel).not.toBeNull());
    sendOnChannel(channel, 0, { jobId: "job-1", done: 1, failed: 0, remaining: 1, total: 2, etaSecs: 3 });
    await vi.waitFor(() => expect(shownText(progress)).toContain("1 done · 0 failed · 1 to go"));
    expect(offboarding.running).toBe(1);
    expect((screen.getByTestId("offboard-suspend") as HTMLButtonElement).disabled).toBe(true);
    await expectNoAxeViolations(document.body, "the progress of a suspension");

    // Leaving the list and coming back: the run is still shown.
    view.unmount();
    render(UsersScreen, props);
    await screen.findByText("person.00000");
    expect(screen.getByTestId("offboard-progress")).toBeTruthy();
    await fireEvent.click(screen.getByTestId("offboard-stop"));
    expect(cancelled).toEqual(["job-1"]);
    expect(shownText(screen.getByTestId("offboard-progress"))).toContain(
      "Stopping after the people already sent",
    );
    await expectNoAxeViolations(document.body, "the progress while it stops");

    answer.resolve({
      ...result("suspended", [people[0] as OffboardRowView]),
      counts: [
        { outcome: "suspended", count: 1 },
        { outcome: "pending", count: 1 },
      ],
      rows: [
        {
          username: "person.00000",
          name: "Person 00000",
          outcome: "suspended",
          message: null,
          earlier: false,
        },
        { username: "person.00001", name: "Person 00001", outcome: "pending", message: null, earlier: false },
      ],
      stopped: "Stopped by you after 1 of 2 people.",
    });
    const done = await screen.findByTestId("offboard-result");
    expect(shownText(within(done).getByRole("heading"))).toBe("Stopped before the end");
    expect(shownText(within(done).getByTestId("offboard-counts"))).toBe("1 suspended, 1 not done yet");
    expect(shownText(within(done).getByTestId("offboard-failed-row"))).toBe(
      "Person 00001 (person.00001): Not done: the run stopped before them.",
    );
    expect(offboarding.running).toBe(0);
    expect(selection.list()).toEqual(["u00001"]);
    expect(screen.getAllByRole("status").map((s) => shownText(s))).toContain(
      "Stopped before the end: 1 suspended, 1 not done yet.",
    );
    await expectNoAxeViolations(document.body, "the result of a stopped run");
  });
});
