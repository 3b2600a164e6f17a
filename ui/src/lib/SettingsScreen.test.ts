import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { expectNoAxeViolations, shownText } from "../test-utils";
import type { OrgSummary, ProfileEdit, ProtectedPerson, ScheduledChange } from "./bindings";
import SettingsScreen from "./SettingsScreen.svelte";

const acme: OrgSummary = { name: "Acme", kind: "jumpcloud", location: "JumpCloud, United States region" };

describe("Settings", () => {
  it("lists the protected people, and removes a protection", async () => {
    let list: ProtectedPerson[] = [
      { id: "u1", username: "ada", present: true },
      { id: "u2", username: "old.admin", present: false },
    ];
    const sets: { id: string; protect: boolean }[] = [];
    mockIPC((cmd, args) => {
      switch (cmd) {
        case "saved_orgs":
        case "scheduled_list":
          return [];
        case "protected_list":
          return list;
        case "protected_set": {
          const asked = args as { id: string; protect: boolean };
          sets.push(asked);
          list = list.filter((p) => p.id !== asked.id);
          return list;
        }
        default:
          throw new Error(`unexpected ${cmd}`);
      }
    });
    render(SettingsScreen, { org: acme });
    const rows = await screen.findAllByTestId("protected-row");
    expect(rows.map((r) => shownText(r))).toEqual([
      "🔒 ada Remove",
      "🔒 old.admin (no longer in the organization) Remove",
    ]);
    expect(shownText(screen.getByTestId("settings-protected"))).toContain(
      "Roster never suspends or deletes these people, from any screen or roster-cli.",
    );
    await expectNoAxeViolations(document.body, "Settings with protected people");
    await fireEvent.click(screen.getByTestId("unprotect-u1"));
    expect(shownText(await screen.findByTestId("settings-note"))).toBe("ada is no longer protected.");
    expect(sets).toEqual([{ id: "u1", protect: false }]);
    expect(screen.getAllByTestId("protected-row")).toHaveLength(1);
    await expectNoAxeViolations(document.body, "Settings after removing a protection");
  });

  it("lists every scheduled change, and cancels one after asking", async () => {
    let scheduled: ScheduledChange[] = [
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
        change: "activate",
        at: "2030-06-02T07:00:00Z",
      },
    ];
    const changes: { id: string; change: ProfileEdit }[] = [];
    mockIPC((cmd, args) => {
      switch (cmd) {
        case "saved_orgs":
        case "protected_list":
          return [];
        case "scheduled_list":
          return scheduled;
        case "person_change": {
          const asked = args as { id: string; change: ProfileEdit };
          changes.push(asked);
          scheduled = scheduled.filter((s) => s.id !== "s1");
          return {
            done: true,
            message: "Cancelled the suspension of ada.",
            id: "u1",
            field: null,
            reportPath: "",
          };
        }
        default:
          throw new Error(`unexpected ${cmd}`);
      }
    });
    render(SettingsScreen, { org: acme });
    const rows = await screen.findAllByTestId("scheduled-row");
    expect(shownText(rows[0])).toContain("JumpCloud suspends Ada Lovelace on");
    expect(shownText(rows[1])).toContain("JumpCloud activates Li Wei on");
    await expectNoAxeViolations(document.body, "Settings with scheduled changes");
    await fireEvent.click(screen.getByTestId("cancel-schedule-s1"));
    const dialog = screen.getByRole("dialog", { name: "Cancel the suspension of Ada Lovelace?" });
    await expectNoAxeViolations(document.body, "the dialog that cancels a scheduled change");
    await fireEvent.click(within(dialog).getByTestId("confirm-cancel-schedule-button"));
    expect(shownText(await screen.findByTestId("settings-note"))).toBe("Cancelled the suspension of ada.");
    expect(changes).toEqual([{ id: "u1", change: { kind: "cancelSchedule", scheduleId: "s1" } }]);
    await vi.waitFor(() => expect(screen.getAllByTestId("scheduled-row")).toHaveLength(1));
  });
});
