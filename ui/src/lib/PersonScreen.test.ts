import { mockIPC } from "@tauri-apps/api/mocks";
import { render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { HistoryQuery, OrgSummary } from "./bindings";
import PersonScreen from "./PersonScreen.svelte";

const acme: OrgSummary = { name: "Acme", kind: "jumpcloud", location: "JumpCloud, United States region" };

describe("PersonScreen", () => {
  it("shows the person's own History on its tab, and only theirs", async () => {
    const lists: HistoryQuery[] = [];
    mockIPC((cmd, args) => {
      if (cmd !== "history_list") throw new Error(`unexpected ${cmd}`);
      lists.push((args as { query: HistoryQuery }).query);
      return { total: 0, entries: [] };
    });
    render(PersonScreen, { id: "5f1b2c3d4e5f60718293a4b5", tab: "history", org: acme });
    expect(await screen.findByTestId("person-history")).toBeTruthy();
    await screen.findByTestId("history-empty");
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.every((q) => q.person === "5f1b2c3d4e5f60718293a4b5")).toBe(true);
  });

  it("does not ask for History on the other tabs", () => {
    let asked = 0;
    mockIPC(() => {
      asked += 1;
      return null;
    });
    render(PersonScreen, { id: "u1", tab: "details", org: acme });
    expect(screen.queryByTestId("person-history")).toBeNull();
    expect(asked).toBe(0);
  });
});
