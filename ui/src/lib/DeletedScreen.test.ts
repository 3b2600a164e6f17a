import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { expectNoAxeViolations, shownText } from "../test-utils";
import type { DeletedPerson, OrgSummary, RestoreResult } from "./bindings";
import DeletedScreen from "./DeletedScreen.svelte";

const acme: OrgSummary = { name: "Acme", kind: "jumpcloud", location: "JumpCloud, United States region" };

const ada: DeletedPerson = {
  id: "u1-20250601T090000",
  username: "ada",
  name: "Ada Lovelace",
  email: "ada@example.com",
  deletedAt: "2025-06-01T09:00:00Z",
  archivedAt: "2025-06-01T08:59:58Z",
  groups: ["Office", "Finance"],
  directories: ["Acme Google"],
};
const grace: DeletedPerson = {
  ...ada,
  id: "u2-20250530T120000",
  username: "grace",
  name: "Grace Hopper",
  email: "grace@example.com",
  groups: [],
  directories: [],
};

function backend(list: () => DeletedPerson[], restore: (id: string) => RestoreResult) {
  const restored: string[] = [];
  mockIPC((cmd, args) => {
    switch (cmd) {
      case "deleted_people_list":
        return list();
      case "deleted_person_restore": {
        const id = (args as { id: string }).id;
        restored.push(id);
        return restore(id);
      }
      default:
        throw new Error(`unexpected ${cmd}`);
    }
  });
  return restored;
}

describe("Deleted people", () => {
  it("lists who was deleted, and adds someone back after saying what does not come back", async () => {
    let people = [ada, grace];
    const restored = backend(
      () => people,
      () => {
        people = [grace];
        return {
          done: true,
          id: "u9",
          message: "Added ada back.",
          notes: [
            "They get a new JumpCloud id; their old password, multi-factor setup, device accounts and JumpCloud history do not come back.",
          ],
        };
      },
    );
    render(DeletedScreen, { org: acme });
    const rows = await screen.findAllByTestId("deleted-row");
    expect(rows).toHaveLength(2);
    const first = shownText(rows[0]);
    for (const text of ["Ada Lovelace", "ada", "ada@example.com", "Office, Finance", "Acme Google"]) {
      expect(first).toContain(text);
    }
    expect(shownText(rows[1])).toContain("None");
    await expectNoAxeViolations(document.body, "the deleted people");

    await fireEvent.click(screen.getByTestId(`restore-${ada.id}`));
    const dialog = screen.getByRole("dialog", { name: "Add Ada Lovelace back?" });
    expect(shownText(within(dialog).getByTestId("confirm-org"))).toContain("Acme");
    expect(shownText(within(dialog).getByTestId("restore-warning"))).toBe(
      "They get a new JumpCloud id; their old password, multi-factor setup and device accounts do not come back — JumpCloud sends them an email to set a password.",
    );
    expect(restored).toEqual([]);
    await expectNoAxeViolations(document.body, "the dialog that adds someone back");
    await fireEvent.click(within(dialog).getByTestId("restore-confirm"));

    const done = await screen.findByTestId("restore-result");
    expect(shownText(done)).toContain("Added ada back.");
    expect(shownText(done)).toContain("They get a new JumpCloud id");
    expect(within(done).getByTestId("restore-profile").getAttribute("href")).toBe("#/people/u9");
    expect(restored).toEqual([ada.id]);
    expect(screen.queryByRole("dialog")).toBeNull();
    await vi.waitFor(() => expect(screen.getAllByTestId("deleted-row")).toHaveLength(1));
    expect(shownText(screen.getByTestId("deleted-row"))).toContain("Grace Hopper");
    await expectNoAxeViolations(document.body, "the result of adding someone back");
  });

  it("says why someone cannot be added back", async () => {
    backend(
      () => [ada],
      () => ({
        done: false,
        id: null,
        message:
          'The username "ada" is taken again (by ada2@example.com), so Roster cannot add them back with it.',
        notes: [],
      }),
    );
    render(DeletedScreen, { org: acme });
    await fireEvent.click(await screen.findByTestId(`restore-${ada.id}`));
    await fireEvent.click(screen.getByTestId("restore-confirm"));
    const done = await screen.findByTestId("restore-result");
    expect(shownText(within(done).getByRole("alert"))).toContain("is taken again");
    expect(within(done).queryByTestId("restore-profile")).toBeNull();
    await expectNoAxeViolations(document.body, "someone who cannot be added back");
  });

  it("says so when nobody has been deleted", async () => {
    backend(
      () => [],
      () => {
        throw new Error("not asked");
      },
    );
    render(DeletedScreen, { org: acme });
    expect(shownText(await screen.findByTestId("deleted-empty"))).toBe(
      "Nobody has been deleted with Roster in this organization.",
    );
    await expectNoAxeViolations(document.body, "nobody deleted");
  });
});
