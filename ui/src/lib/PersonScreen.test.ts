import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { expectNoAxeViolations, shownText } from "../test-utils";
import type {
  AppError,
  HistoryQuery,
  OrgSummary,
  PersonChangeResult,
  PersonProfile,
  ProfileEdit,
  ProtectedPerson,
  ScheduledChange,
} from "./bindings";
import PersonScreen from "./PersonScreen.svelte";
import { person } from "./people/test-people";

const acme: OrgSummary = { name: "Acme", kind: "jumpcloud", location: "JumpCloud, United States region" };

const google = {
  id: "d1",
  name: "Acme Google",
  kind: "Google Workspace",
  count: 3,
  bindEffect: "JumpCloud creates their Google account.",
  unbindEffect: "Their Google account is suspended, and they can no longer sign in to Gmail.",
};
const m365 = {
  id: "d2",
  name: "Acme 365",
  kind: "Microsoft 365",
  count: 1,
  bindEffect: "JumpCloud creates their Microsoft account and gives it a licence.",
  unbindEffect: "Their Microsoft account is disabled.",
};

const profile: PersonProfile = {
  person: { ...person(1), name: "Ada Lovelace", username: "ada", email: "ada@example.com", state: "staged" },
  details: [
    {
      title: "Identity",
      fields: [
        { key: "firstname", label: "First name", value: "Ada", shown: "Ada", editable: true },
        { key: "username", label: "Username", value: "ada", shown: "ada", editable: false },
      ],
    },
    {
      title: "Employment",
      fields: [
        { key: "jobTitle", label: "Job title", value: "Accountant", shown: "Accountant", editable: true },
        { key: "department", label: "Department", value: "Finance", shown: "Finance", editable: true },
        { key: "manager", label: "Manager", value: "u7", shown: "Grace Hopper", editable: true },
      ],
    },
  ],
  directories: [
    { directory: google, direct: true, viaGroups: [] },
    { directory: m365, direct: false, viaGroups: ["Office"] },
  ],
  groups: [{ id: "g1", name: "Office" }],
  otherDirectories: [{ ...google, id: "d3", name: "Slack", kind: "Slack" }],
  otherGroups: [{ id: "g2", name: "Finance" }],
  canActivate: true,
};

const done: PersonChangeResult = {
  done: true,
  message: "Done.",
  id: "u1",
  field: null,
  reportPath: "/r.csv",
};

/** A fake profile backend; records the changes sent. */
function backend(change: (edit: ProfileEdit) => PersonChangeResult | AppError = () => done) {
  const changes: ProfileEdit[] = [];
  let reads = 0;
  mockIPC((cmd, args) => {
    switch (cmd) {
      case "person_profile":
        reads += 1;
        return profile;
      case "protected_list":
      case "scheduled_list":
        return [];
      case "person_change": {
        const edit = (args as { change: ProfileEdit }).change;
        changes.push(edit);
        const answer = change(edit);
        if ("code" in answer) throw answer;
        return answer;
      }
      default:
        throw new Error(`unexpected ${cmd}`);
    }
  });
  return { changes, reads: () => reads };
}

describe("PersonScreen", () => {
  it("shows the person's own History on its tab, and only theirs", async () => {
    const lists: HistoryQuery[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "person_profile") return profile;
      if (cmd === "protected_list" || cmd === "scheduled_list") return [];
      if (cmd !== "history_list") throw new Error(`unexpected ${cmd}`);
      lists.push((args as { query: HistoryQuery }).query);
      return { total: 0, entries: [] };
    });
    render(PersonScreen, { id: "5f1b2c3d4e5f60718293a4b5", tab: "history", org: acme });
    expect(await screen.findByTestId("person-history")).toBeTruthy();
    await screen.findByTestId("history-empty");
    await expectNoAxeViolations(document.body, "the History tab");
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.every((q) => q.person === "5f1b2c3d4e5f60718293a4b5")).toBe(true);
  });

  it("does not ask for History on the other tabs, and puts the focus on their name", async () => {
    const asked: string[] = [];
    mockIPC((cmd) => {
      asked.push(cmd);
      return cmd === "person_profile" ? profile : [];
    });
    render(PersonScreen, { id: "u1", tab: "details", org: acme });
    const heading = await screen.findByRole("heading", { name: "Ada Lovelace" });
    await new Promise((r) => setTimeout(r, 0));
    expect(document.activeElement).toBe(heading);
    expect(shownText(screen.getByTestId("person-who"))).toBe("ada · ada@example.com");
    expect(shownText(screen.getByTestId("person-state"))).toBe("Not yet activated");
    expect(screen.queryByTestId("person-history")).toBeNull();
    expect(asked.sort()).toEqual(["person_profile", "protected_list", "scheduled_list"]);
  });

  it("names each group of details by its heading, even one of several words", async () => {
    const custom = {
      title: "Custom attributes",
      fields: [{ key: "attr:badge", label: "badge", value: "7", shown: "7", editable: true }],
    };
    mockIPC((cmd) => {
      if (cmd === "person_profile") return { ...profile, details: [...profile.details, custom] };
      if (cmd === "protected_list" || cmd === "scheduled_list") return [];
      throw new Error(`unexpected ${cmd}`);
    });
    render(PersonScreen, { id: "u1", tab: "details", org: acme });
    const group = await screen.findByRole("region", { name: "Custom attributes" });
    expect(within(group).getByText("badge")).toBeTruthy();
    expect(screen.getByRole("region", { name: "Identity" })).toBeTruthy();
    await expectNoAxeViolations(document.body, "the Details tab");
  });

  it("edits details, confirms each change by name, and sends only the changed ones with their old values", async () => {
    const { changes, reads } = backend();
    render(PersonScreen, { id: "u1", tab: "details", org: acme });
    expect(shownText(await screen.findByTestId("detail-manager"))).toBe("Grace Hopper");
    await expectNoAxeViolations(document.body, "the Details tab");
    await fireEvent.click(screen.getByTestId("edit-details"));
    expect(screen.queryByTestId("input-username")).toBeNull();
    await expectNoAxeViolations(document.body, "the Details tab while editing");
    expect((screen.getByTestId("save-details") as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.input(screen.getByTestId("input-jobTitle"), { target: { value: "Senior accountant" } });
    await fireEvent.input(screen.getByTestId("input-department"), { target: { value: "" } });
    await fireEvent.click(screen.getByTestId("save-details"));

    const dialog = screen.getByRole("dialog", { name: "Change Ada Lovelace's details?" });
    const listed = within(dialog)
      .getAllByRole("listitem")
      .map((li) => shownText(li));
    expect(listed).toEqual(["Job title: Accountant → Senior accountant", "Department: Finance → (empty)"]);
    await expectNoAxeViolations(document.body, "the dialog that confirms changed details");
    await fireEvent.click(screen.getByTestId("confirm-details-button"));

    expect(await screen.findByTestId("details-saved")).toBeTruthy();
    await expectNoAxeViolations(document.body, "the Details tab after saving");
    expect(changes).toEqual([
      {
        kind: "details",
        before: [
          { key: "jobTitle", value: "Accountant" },
          { key: "department", value: "Finance" },
        ],
        after: [
          { key: "jobTitle", value: "Senior accountant" },
          { key: "department", value: "" },
        ],
      },
    ]);
    expect(reads()).toBe(2);
    expect(screen.queryByTestId("input-jobTitle")).toBeNull();
  });

  it("says when someone else changed the details meanwhile, and offers to reload", async () => {
    const { reads } = backend(() => ({
      code: "conflict",
      message: "Someone changed Job title in JumpCloud since this profile opened. Reload it and try again.",
    }));
    render(PersonScreen, { id: "u1", tab: "details", org: acme });
    await fireEvent.click(await screen.findByTestId("edit-details"));
    await fireEvent.input(screen.getByTestId("input-jobTitle"), { target: { value: "Boss" } });
    await fireEvent.click(screen.getByTestId("save-details"));
    await fireEvent.click(screen.getByTestId("confirm-details-button"));
    const alert = await screen.findByRole("alert");
    expect(alert.getAttribute("data-code")).toBe("conflict");
    expect(shownText(alert)).toContain("Someone changed Job title");
    await expectNoAxeViolations(document.body, "the Details tab with a conflict");
    await fireEvent.click(screen.getByTestId("reload-profile"));
    await screen.findByTestId("edit-details");
    expect(reads()).toBe(2);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("unbinds a direct directory after saying what unbinding does, naming the person and organization", async () => {
    const { changes } = backend();
    render(PersonScreen, { id: "u1", tab: "directories", org: acme });
    const rows = await screen.findAllByTestId("directory-row");
    expect(rows.map((r) => shownText(r))).toEqual([
      "Acme Google Google Workspace Bound directly Unbind…",
      "Acme 365 Microsoft 365 Through the group Office Comes through the group Office; remove them from that group to unbind.",
    ]);
    expect(screen.queryByTestId("unbind-d2")).toBeNull();
    expect(screen.getByRole("button", { name: "Unbind Ada Lovelace from Acme Google…" })).toBe(
      screen.getByTestId("unbind-d1"),
    );
    await expectNoAxeViolations(document.body, "the Directories tab");

    await fireEvent.click(screen.getByTestId("unbind-d1"));
    const dialog = screen.getByRole("dialog", { name: "Unbind Ada Lovelace from Acme Google?" });
    expect(shownText(within(dialog).getByTestId("side-effect"))).toBe(google.unbindEffect);
    expect(shownText(dialog)).toContain("Ada Lovelace (ada) will no longer be bound to Acme Google");
    expect(shownText(screen.getByTestId("confirm-org"))).toContain("Acme");
    await expectNoAxeViolations(document.body, "the dialog that confirms unbinding");
    await fireEvent.click(screen.getByTestId("confirm-unbind-button"));
    await screen.findByTestId("change-done");
    await expectNoAxeViolations(document.body, "the Directories tab after a change");
    expect(changes).toEqual([{ kind: "unbind", directoryId: "d1" }]);

    await fireEvent.change(screen.getByTestId("bind-select"), { target: { value: "d3" } });
    await fireEvent.click(screen.getByTestId("bind-submit"));
    expect(shownText(screen.getByTestId("side-effect"))).toBe(google.bindEffect);
    await fireEvent.click(screen.getByTestId("confirm-bind-button"));
    await vi.waitFor(() => expect(changes).toHaveLength(2));
    expect(changes[1]).toEqual({ kind: "bind", directoryId: "d3" });
  });

  it("shows JumpCloud's refusal in words", async () => {
    backend(() => ({ ...done, done: false, message: "JumpCloud could not find this group any more." }));
    render(PersonScreen, { id: "u1", tab: "groups", org: acme });
    expect((await screen.findAllByTestId("group-row")).map((r) => shownText(r))).toEqual(["Office Remove…"]);
    await expectNoAxeViolations(document.body, "the Groups tab");
    await fireEvent.click(screen.getByTestId("remove-group-g1"));
    await fireEvent.click(screen.getByTestId("confirm-remove-group-button"));
    expect(shownText(await screen.findByTestId("change-refused"))).toBe(
      "JumpCloud could not find this group any more.",
    );
    await expectNoAxeViolations(document.body, "the Groups tab with a refusal");
  });

  it("sends the activation email, or activates without it", async () => {
    const { changes } = backend();
    render(PersonScreen, { id: "u1", tab: "groups", org: acme });
    await fireEvent.click(await screen.findByTestId("send-activation"));
    const dialog = screen.getByRole("dialog", { name: "Activate Ada Lovelace?" });
    expect(within(dialog).getByRole("button", { name: "Send it now" })).toBeTruthy();
    await expectNoAxeViolations(document.body, "the dialog that activates someone");
    await fireEvent.click(within(dialog).getByRole("button", { name: "Activate without email" }));
    await vi.waitFor(() => expect(changes).toEqual([{ kind: "activate", sendEmail: false }]));
    await fireEvent.change(screen.getByTestId("group-select"), { target: { value: "g2" } });
    await fireEvent.click(screen.getByTestId("group-submit"));
    await vi.waitFor(() => expect(changes[1]).toEqual({ kind: "addToGroup", groupId: "g2" }));
  });
});

describe("after adding someone", () => {
  it("their profile says they were added, once, and reads the profile once", async () => {
    const { notice } = await import("./people/notice.svelte");
    const { reads } = backend();
    notice.show("u1", "Added ada.");
    render(PersonScreen, { id: "u1", tab: "details", org: acme });
    expect(shownText(await screen.findByTestId("person-added"))).toBe("Added ada.");
    await expectNoAxeViolations(document.body, "a profile that says they were added");
    await screen.findByTestId("edit-details");
    expect(reads()).toBe(1);
    expect(notice.take("u1")).toBeNull();
  });
});

describe("the state of someone's account", () => {
  const active: PersonProfile = {
    ...profile,
    person: { ...profile.person, state: "active" },
    canActivate: false,
  };

  it("protects them: the lock by their name, suspending and deleting held", async () => {
    let list: ProtectedPerson[] = [];
    const sets: { id: string; protect: boolean }[] = [];
    mockIPC((cmd, args) => {
      switch (cmd) {
        case "person_profile":
          return active;
        case "scheduled_list":
          return [];
        case "protected_list":
          return list;
        case "protected_set": {
          const asked = args as { id: string; protect: boolean };
          sets.push(asked);
          list = asked.protect ? [{ id: "u1", username: "ada", present: true }] : [];
          return list;
        }
        default:
          throw new Error(`unexpected ${cmd}`);
      }
    });
    render(PersonScreen, { id: "u1", tab: "details", org: acme });
    const toggle = (await screen.findByTestId("protect-toggle")) as HTMLInputElement;
    await vi.waitFor(() => expect(toggle.disabled).toBe(false));
    expect(toggle.checked).toBe(false);
    expect(screen.getByLabelText("Protect from suspension and deletion")).toBe(toggle);
    expect(screen.queryByTestId("person-protected")).toBeNull();
    expect((screen.getByTestId("offboard-suspend") as HTMLButtonElement).disabled).toBe(false);

    await fireEvent.click(toggle);
    expect(shownText(await screen.findByTestId("person-protected"))).toBe("🔒 Protected");
    await expectNoAxeViolations(document.body, "a protected person");
    expect(sets).toEqual([{ id: "u1", protect: true }]);
    expect(toggle.checked).toBe(true);
    for (const held of ["offboard-suspend", "offboard-delete", "offboard-schedule"]) {
      expect((screen.getByTestId(held) as HTMLButtonElement).disabled, held).toBe(true);
    }

    await fireEvent.click(toggle);
    await vi.waitFor(() => expect(screen.queryByTestId("person-protected")).toBeNull());
    expect(sets[1]).toEqual({ id: "u1", protect: false });
  });

  it("offers reactivating a suspended person, not suspending them again", async () => {
    mockIPC((cmd) => {
      if (cmd === "person_profile") return { ...active, person: { ...active.person, state: "suspended" } };
      if (cmd === "protected_list" || cmd === "scheduled_list") return [];
      throw new Error(`unexpected ${cmd}`);
    });
    render(PersonScreen, { id: "u1", tab: "details", org: acme });
    expect(shownText(await screen.findByTestId("offboard-reactivate"))).toBe("Reactivate…");
    expect(shownText(screen.getByTestId("offboard-schedule"))).toBe("Reactivate on a date…");
    expect(screen.queryByTestId("offboard-suspend")).toBeNull();
    await expectNoAxeViolations(document.body, "a suspended person");
  });

  it("lists their scheduled changes, and cancels one after asking", async () => {
    const scheduled: ScheduledChange[] = [
      {
        id: "s1",
        userId: "u1",
        username: "ada",
        name: "Ada Lovelace",
        change: "suspend",
        at: "2030-06-01T07:00:00Z",
      },
      {
        id: "s2",
        userId: "u2",
        username: "li",
        name: "Li Wei",
        change: "suspend",
        at: "2030-06-01T07:00:00Z",
      },
    ];
    const changes: ProfileEdit[] = [];
    mockIPC((cmd, args) => {
      switch (cmd) {
        case "person_profile":
          return active;
        case "protected_list":
          return [];
        case "scheduled_list":
          return changes.length === 0 ? scheduled : [];
        case "person_change":
          changes.push((args as { change: ProfileEdit }).change);
          return { ...done, message: "Cancelled." };
        default:
          throw new Error(`unexpected ${cmd}`);
      }
    });
    render(PersonScreen, { id: "u1", tab: "details", org: acme });
    const rows = await screen.findAllByTestId("scheduled-row");
    expect(rows).toHaveLength(1);
    expect(shownText(rows[0])).toContain("JumpCloud suspends them on 1 Jun 2030 at");
    await expectNoAxeViolations(document.body, "a person with a scheduled change");
    await fireEvent.click(screen.getByTestId("cancel-schedule-s1"));
    const dialog = screen.getByRole("dialog", { name: "Cancel the suspension of Ada Lovelace?" });
    expect(within(dialog).getByRole("button", { name: "Keep it" })).toBeTruthy();
    await expectNoAxeViolations(document.body, "the dialog that cancels a scheduled change");
    await fireEvent.click(within(dialog).getByTestId("confirm-cancel-schedule-button"));
    await vi.waitFor(() => expect(screen.queryByTestId("scheduled-row")).toBeNull());
    expect(changes).toEqual([{ kind: "cancelSchedule", scheduleId: "s1" }]);
  });
});
