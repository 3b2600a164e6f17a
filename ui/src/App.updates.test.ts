// Updates: the quiet check once an organization shows, the notice, and "Restart and update".
import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import App from "./App.svelte";
import type { AppError, OrgSummary, UpdateCheck } from "./lib/bindings";
import { facets, pageOf } from "./lib/people/test-people";
import { deferred, expectNoAxeViolations, shownText } from "./test-utils";

const practice: OrgSummary = {
  name: "Northwind Traders (practice)",
  kind: "practice",
  location: "On this computer",
};

const NEWER: UpdateCheck = {
  current: "1.2.0",
  available: { version: "1.3.0", notes: "Faster.", date: null },
};

/** The practice organization open, people listed; `answers` adds or replaces commands. */
function backend(answers: Record<string, () => unknown> = {}) {
  const calls: string[] = [];
  mockIPC((cmd) => {
    calls.push(cmd);
    const answer = answers[cmd];
    if (answer) return answer();
    switch (cmd) {
      case "current_org":
        return practice;
      case "people_query":
        return pageOf(2, 0, 2);
      case "people_facets":
        return facets;
      case "saved_orgs":
      case "protected_list":
      case "scheduled_list":
        return [];
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
  return calls;
}

function refuse(error: AppError): () => never {
  return () => {
    throw error;
  };
}

async function started() {
  render(App);
  await screen.findByTestId("nav-people");
}

describe("updates", () => {
  it("are checked once when the organization shows, and a newer Roster is offered", async () => {
    const calls = backend({ update_check: () => NEWER });
    await started();
    const notice = await screen.findByTestId("update-notice");
    expect(notice.getAttribute("role")).toBe("status");
    expect(shownText(notice)).toContain("Roster 1.3.0 is ready. Restart to update");
    expect(screen.getByTestId("update-install").textContent?.trim()).toBe("Restart and update");
    // Not in the way: nothing is modal, focus stays where it was.
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(notice.contains(document.activeElement)).toBe(false);
    await expectNoAxeViolations(notice, "the update notice");

    // Moving to another screen does not ask again.
    await fireEvent.click(screen.getByTestId("nav-settings"));
    await screen.findByTestId("settings-screen");
    expect(calls.filter((c) => c === "update_check")).toHaveLength(1);
  });

  it("say nothing at start when Roster is up to date", async () => {
    const calls = backend({ update_check: (): UpdateCheck => ({ current: "1.2.0", available: null }) });
    await started();
    await vi.waitFor(() => expect(calls).toContain("update_check"));
    expect(screen.queryByTestId("update-notice")).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("say nothing at start when the check fails", async () => {
    const calls = backend({
      update_check: refuse({ code: "offline", message: "Roster could not reach its update server." }),
    });
    await started();
    await vi.waitFor(() => expect(calls).toContain("update_check"));
    expect(screen.queryByTestId("update-notice")).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("say nothing at start when the backend cannot even answer", async () => {
    // No update_check here: the fake backend throws, as an IPC failure would.
    const calls = backend();
    await started();
    await vi.waitFor(() => expect(calls).toContain("update_check"));
    expect(screen.queryByTestId("update-notice")).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(await screen.findByText("person.00000")).toBeTruthy();
  });

  it("are not checked before an organization is open", async () => {
    const calls = backend({ current_org: () => null, update_check: () => NEWER });
    render(App);
    await screen.findByText("Welcome to Roster");
    expect(calls).not.toContain("update_check");
  });

  it("install when asked, and a refusal is shown in plain words", async () => {
    const answer = deferred<null>();
    const installs: string[] = [];
    backend({
      update_check: () => NEWER,
      update_install: () => {
        installs.push("install");
        if (installs.length === 1)
          return answer.promise.then(() => {
            throw {
              code: "job_running",
              message: "Roster is still working on a job. Try again when it ends.",
            };
          });
        return null;
      },
    });
    await started();
    const install = await screen.findByTestId("update-install");
    await fireEvent.click(install);
    expect(installs).toHaveLength(1);
    expect((install as HTMLButtonElement).disabled).toBe(true);
    answer.resolve(null);
    const error = await screen.findByTestId("error");
    expect(shownText(error)).toContain("Roster is still working on a job. Try again when it ends.");
    expect(error.getAttribute("role")).toBe("alert");
    expect((install as HTMLButtonElement).disabled).toBe(false);

    await fireEvent.click(install);
    await vi.waitFor(() => expect(installs).toHaveLength(2));
    await vi.waitFor(() => expect(screen.queryByTestId("error")).toBeNull());
  });

  it("can wait: the notice closes, and Help → Check for updates brings it back", async () => {
    backend({ update_check: () => NEWER });
    await started();
    await fireEvent.click(await screen.findByTestId("update-dismiss"));
    expect(screen.queryByTestId("update-notice")).toBeNull();

    await fireEvent.click(screen.getByTestId("help-menu"));
    await fireEvent.click(await screen.findByTestId("help-updates"));
    expect(shownText(await screen.findByTestId("update-notice"))).toContain("Roster 1.3.0 is ready.");
  });
});
