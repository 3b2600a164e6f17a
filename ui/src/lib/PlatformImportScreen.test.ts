import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { deferred, expectNoAxeViolations, sendOnChannel, shownText } from "../test-utils";
import type {
  ImportSummary,
  OrgSummary,
  PickCountsView,
  PlatformChoicesSetup,
  PlatformFilter,
  PlatformListing,
  PlatformPersonRow,
} from "./bindings";
import PlatformImportScreen from "./PlatformImportScreen.svelte";
import { session } from "./session.svelte";

const acme: OrgSummary = { name: "Acme", kind: "jumpcloud", location: "JumpCloud, United States region" };

const google = {
  id: "g1",
  name: "Google Workspace",
  platform: "google",
  platformLabel: "Google Workspace",
  words: "Google Workspace",
};
const microsoft = {
  id: "m1",
  name: "Contractors",
  platform: "microsoft",
  platformLabel: "Microsoft 365",
  words: "Microsoft 365 (Contractors)",
};

const setup: PlatformChoicesSetup = {
  directories: [google, microsoft],
  missing: [],
  defaultState: "staged",
  defaultStateWords: 'This organization\'s default for imported people is "staged".',
};

/** The people the platform lists: the first two new, then one not bound, then one bound. */
function people(n: number): PlatformPersonRow[] {
  return Array.from({ length: n }, (_, i) => {
    const standing = i < 2 ? "new" : i === 2 ? "not_bound" : "bound";
    return {
      index: i,
      id: `p${i}`,
      email: `person${i}@example.com`,
      name: `Person ${i}`,
      department: "Sales",
      jobTitle: "Rep",
      standing,
      standingWords:
        standing === "new"
          ? "new"
          : standing === "not_bound"
            ? "already in JumpCloud, not bound here"
            : "already bound here",
      username: standing === "new" ? null : `person.${i}`,
      picked: false,
    };
  });
}

type Call = { cmd: string; args: Record<string, unknown> };

/** A fake of Roster's platform commands, keeping the listing and the picks as Rust does. */
function backend(
  options: {
    setup?: PlatformChoicesSetup;
    people?: number;
    list?: Promise<void>;
    summary?: ImportSummary;
    pickedAgain?: number;
  } = {},
) {
  const calls: Call[] = [];
  const all = people(options.people ?? 4);
  const picked = new Set<number>();
  let channel: unknown = null;

  function counts(): PickCountsView {
    const count = (s: string, onlyPicked: boolean) =>
      all.filter((p) => p.standing === s && (!onlyPicked || picked.has(p.index))).length;
    return {
      new: count("new", false),
      newPicked: count("new", true),
      notBound: count("not_bound", false),
      notBoundPicked: count("not_bound", true),
      bound: count("bound", false),
      boundPicked: count("bound", true),
    };
  }
  function matching(f: PlatformFilter) {
    return all.filter(
      (p) => (!f.standing || p.standing === f.standing) && (f.text === "" || p.name.includes(f.text)),
    );
  }

  mockIPC(async (cmd, raw) => {
    const args = raw as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case "platform_setup":
        return options.setup ?? setup;
      case "platform_list": {
        channel = args.onProgress;
        await options.list;
        return {
          directory: args.directoryId === "m1" ? microsoft : google,
          total: all.length,
          search: (args.search as string | null) ?? null,
          counts: counts(),
          requests: 1,
          pickedAgain: options.pickedAgain ?? 0,
        } satisfies PlatformListing;
      }
      case "platform_people": {
        const hits = matching(args.filter as PlatformFilter);
        const offset = args.offset as number;
        return {
          matching: hits.length,
          offset,
          rows: hits
            .slice(offset, offset + (args.limit as number))
            .map((p) => ({ ...p, picked: picked.has(p.index) })),
          counts: counts(),
        };
      }
      case "platform_pick":
        for (const i of args.indices as number[]) {
          if (args.picked) picked.add(i);
          else picked.delete(i);
        }
        return counts();
      case "platform_pick_matching":
        for (const p of matching(args.filter as PlatformFilter)) {
          if (args.picked) picked.add(p.index);
          else picked.delete(p.index);
        }
        return counts();
      case "platform_preview":
        return options.summary;
      default:
        throw new Error(`unexpected ${cmd}`);
    }
  });
  return { calls, channel: () => channel, of: (cmd: string) => calls.filter((c) => c.cmd === cmd) };
}

async function listed(directory = "g1") {
  await fireEvent.click(await screen.findByTestId(`platform-choice-${directory}`));
  await fireEvent.click(screen.getByTestId("platform-list"));
  await screen.findByTestId("platform-table");
}

describe("PlatformImportScreen", () => {
  it("says how to connect a platform when the organization has none", async () => {
    const { of } = backend({
      setup: {
        ...setup,
        directories: [],
        missing: [
          "To import from Google Workspace, first connect it in JumpCloud: Directory Integrations → Google Workspace.",
          "To import from Microsoft 365, first connect it in JumpCloud: Directory Integrations → Microsoft 365.",
        ],
      },
    });
    render(PlatformImportScreen, { org: acme });
    const missing = await screen.findByTestId("platform-missing");
    expect(shownText(missing)).toContain("Acme has no Google Workspace or Microsoft 365 directory");
    expect(shownText(missing)).toContain("Directory Integrations → Google Workspace.");
    expect(shownText(missing)).toContain("Directory Integrations → Microsoft 365.");
    expect(screen.queryByTestId("platform-list")).toBeNull();
    expect(of("platform_list")).toEqual([]);
    await expectNoAxeViolations(document.body, "an organization with no platform");
  });

  it("names each directory by its platform, and preselects the one the address names", async () => {
    backend();
    render(PlatformImportScreen, { org: acme, directory: "m1" });
    const g = (await screen.findByTestId("platform-choice-g1")) as HTMLInputElement;
    const m = screen.getByTestId("platform-choice-m1") as HTMLInputElement;
    expect(shownText(g.closest("label"))).toBe("Google Workspace");
    expect(shownText(m.closest("label"))).toBe("Microsoft 365 — Contractors");
    expect(m.checked).toBe(true);
    expect(g.checked).toBe(false);
    expect((screen.getByTestId("platform-list") as HTMLButtonElement).disabled).toBe(false);
    await expectNoAxeViolations(document.body, "the choice of directory");
  });

  it("waits for a choice when there are several directories", async () => {
    backend();
    render(PlatformImportScreen, { org: acme });
    const list = (await screen.findByTestId("platform-list")) as HTMLButtonElement;
    expect(list.disabled).toBe(true);
    await fireEvent.click(screen.getByTestId("platform-choice-g1"));
    expect(list.disabled).toBe(false);
  });

  it("lists the people with progress, then the counts and the rows", async () => {
    const gate = deferred<void>();
    const fake = backend({ list: gate.promise });
    render(PlatformImportScreen, { org: acme });
    await fireEvent.click(await screen.findByTestId("platform-choice-g1"));
    await fireEvent.input(screen.getByTestId("platform-search"), { target: { value: "  sales " } });
    await fireEvent.click(screen.getByTestId("platform-list"));

    const progress = await screen.findByTestId("platform-progress");
    expect(progress.hasAttribute("value")).toBe(false);
    await vi.waitFor(() => expect(fake.channel()).not.toBeNull());
    sendOnChannel(fake.channel(), 0, { pages: 1, people: 250 });
    await vi.waitFor(() => expect(shownText(screen.getByTestId("platform-read"))).toBe("250 people read"));
    await expectNoAxeViolations(document.body, "the progress of listing");
    expect((screen.getByTestId("platform-list") as HTMLButtonElement).disabled).toBe(true);

    gate.resolve();
    expect(shownText(await screen.findByTestId("platform-counts"))).toBe(
      "2 new · 1 already in JumpCloud, not bound here · 1 already bound here",
    );
    expect(screen.queryByTestId("platform-progress")).toBeNull();
    expect(fake.of("platform_list")[0]?.args).toMatchObject({ directoryId: "g1", search: "sales" });
    expect(shownText(screen.getByTestId("platform-listed"))).toContain(
      "Listed 4 people from Google Workspace matching “sales”",
    );

    await screen.findByTestId("platform-table");
    expect(fake.of("platform_people")[0]?.args).toEqual({
      filter: { text: "", standing: null },
      offset: 0,
      limit: 100,
    });
    const cells = Array.from(
      screen.getByTestId("platform-row-person2@example.com").querySelectorAll("td"),
      (td) => shownText(td),
    );
    expect(cells).toEqual([
      "",
      "Person 2",
      "person2@example.com",
      "Sales",
      "Rep",
      "already in JumpCloud, not bound here (username person.2)",
    ]);
    expect(shownText(screen.getByTestId("platform-row-person0@example.com"))).not.toContain("username");
    expect(screen.getByTestId("platform-picked-count").textContent?.trim()).toBe("0 picked");
    expect((screen.getByTestId("platform-preview") as HTMLButtonElement).disabled).toBe(true);
    expect(screen.queryByTestId("platform-next")).toBeNull();
    expect(screen.queryByTestId("platform-picked-again")).toBeNull();
    await expectNoAxeViolations(document.body, "the people listed");
  });

  it("says when people of an import that did not finish are picked again", async () => {
    backend({ pickedAgain: 3 });
    render(PlatformImportScreen, { org: acme });
    await listed();
    expect(shownText(screen.getByTestId("platform-picked-again"))).toBe(
      "3 people from an earlier import from here that did not finish are picked again, so importing them finishes it.",
    );
  });

  it("picks a row by its place in the listing", async () => {
    const { of } = backend();
    render(PlatformImportScreen, { org: acme });
    await listed();
    const box = screen.getByTestId("platform-pick-person2@example.com") as HTMLInputElement;
    expect(box.getAttribute("aria-label")).toBe("Pick Person 2");
    await fireEvent.click(box);
    await vi.waitFor(() =>
      expect(screen.getByTestId("platform-picked-count").textContent?.trim()).toBe("1 picked"),
    );
    expect(of("platform_pick").map((c) => c.args)).toEqual([{ indices: [2], picked: true }]);
    // The page is read again, its boxes as Roster has them.
    await vi.waitFor(() => expect(of("platform_people").length).toBe(2));
    expect(screen.getByTestId("platform-row-person2@example.com").getAttribute("data-picked")).toBe("true");
    expect(shownText(screen.getByTestId("platform-preview"))).toBe("Preview 1 person…");
    await expectNoAxeViolations(document.body, "the people listed, one picked");

    await fireEvent.click(screen.getByTestId("platform-pick-person2@example.com"));
    await vi.waitFor(() =>
      expect(screen.getByTestId("platform-picked-count").textContent?.trim()).toBe("0 picked"),
    );
    expect(of("platform_pick")[1]?.args).toEqual({ indices: [2], picked: false });
  });

  it("picks all new people, and everyone the filter matches", async () => {
    const { of } = backend();
    render(PlatformImportScreen, { org: acme });
    await listed();
    await fireEvent.click(screen.getByTestId("platform-pick-new"));
    await vi.waitFor(() =>
      expect(screen.getByTestId("platform-picked-count").textContent?.trim()).toBe("2 picked"),
    );
    expect(of("platform_pick_matching")[0]?.args).toEqual({
      filter: { text: "", standing: "new" },
      picked: true,
    });
    expect(shownText(screen.getByTestId("platform-preview"))).toBe("Preview 2 people…");

    await fireEvent.change(screen.getByTestId("platform-standing"), { target: { value: "bound" } });
    await vi.waitFor(() =>
      expect(of("platform_people").at(-1)?.args).toEqual({
        filter: { text: "", standing: "bound" },
        offset: 0,
        limit: 100,
      }),
    );
    await vi.waitFor(() => expect(screen.queryByTestId("platform-row-person0@example.com")).toBeNull());
    await fireEvent.click(screen.getByTestId("platform-pick-matching"));
    await vi.waitFor(() =>
      expect(screen.getByTestId("platform-picked-count").textContent?.trim()).toBe("3 picked"),
    );
    expect(of("platform_pick_matching")[1]?.args).toEqual({
      filter: { text: "", standing: "bound" },
      picked: true,
    });

    await fireEvent.input(screen.getByTestId("platform-filter"), { target: { value: "Person 3" } });
    await fireEvent.click(screen.getByTestId("platform-unpick-matching"));
    await vi.waitFor(() =>
      expect(screen.getByTestId("platform-picked-count").textContent?.trim()).toBe("2 picked"),
    );
    expect(of("platform_pick_matching")[2]?.args).toEqual({
      filter: { text: "Person 3", standing: "bound" },
      picked: false,
    });
  });

  it("pages through a long list 100 at a time", async () => {
    const { of } = backend({ people: 250 });
    render(PlatformImportScreen, { org: acme });
    await listed();
    expect(shownText(screen.getByTestId("platform-range"))).toBe("1–100 of 250");
    const previous = screen.getByTestId("platform-previous") as HTMLButtonElement;
    expect(previous.disabled).toBe(true);
    await fireEvent.click(screen.getByTestId("platform-next"));
    await vi.waitFor(() => expect(shownText(screen.getByTestId("platform-range"))).toBe("101–200 of 250"));
    expect(of("platform_people").at(-1)?.args).toMatchObject({ offset: 100, limit: 100 });
    expect(screen.getByTestId("platform-row-person100@example.com")).toBeTruthy();
    await fireEvent.click(screen.getByTestId("platform-next"));
    await vi.waitFor(() => expect(shownText(screen.getByTestId("platform-range"))).toBe("201–250 of 250"));
    expect((screen.getByTestId("platform-next") as HTMLButtonElement).disabled).toBe(true);
    await expectNoAxeViolations(document.body, "the last page of a long list");
  });

  it("previews the picked people with the chosen usernames and state, then opens the import", async () => {
    const summary: ImportSummary = {
      fileName: "Google Workspace",
      platform: "Google Workspace",
      path: "",
      description: "2 people picked in Google Workspace.",
      columns: [],
      fileIssues: [],
      counts: { rows: 2, ready: 2, warning: 0, error: 0, skipped: 0 },
      usernamesFromEmail: false,
      usernames: null,
      mappingRemembered: false,
      sheet: null,
      sheets: [],
      fieldChoices: [],
      plan: null,
      planNotices: [],
    };
    const { of } = backend({ summary });
    const start = vi.spyOn(session, "startImport");
    render(PlatformImportScreen, { org: acme });
    await listed();
    expect(shownText(screen.getByTestId("platform-screen"))).toContain(
      "Nothing is sent until you confirm on the next screen.",
    );

    // The organization's default state is chosen; staged people get no email, so no choice.
    expect((screen.getByTestId("platform-state-staged") as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId("platform-usernames-email") as HTMLInputElement).checked).toBe(true);
    const email = screen.getByTestId("platform-send-email") as HTMLInputElement;
    expect(email.checked).toBe(true);
    expect(email.disabled).toBe(true);
    expect(shownText(screen.getByTestId("platform-default-state"))).toContain("default for imported people");

    await fireEvent.click(screen.getByTestId("platform-pick-new"));
    await vi.waitFor(() =>
      expect(shownText(screen.getByTestId("platform-preview"))).toBe("Preview 2 people…"),
    );
    await fireEvent.click(screen.getByTestId("platform-usernames-flast"));
    await fireEvent.click(screen.getByTestId("platform-state-active"));
    expect(email.disabled).toBe(false);
    await fireEvent.click(email);
    expect(email.checked).toBe(false);
    await expectNoAxeViolations(document.body, "the choices of usernames and state");

    await fireEvent.click(screen.getByTestId("platform-preview"));
    await vi.waitFor(() => expect(start).toHaveBeenCalledWith(summary));
    expect(of("platform_preview")[0]?.args).toEqual({
      usernamePattern: "flast",
      startState: "active",
      sendEmail: false,
    });
    expect(window.location.hash).toBe("#/import");
    start.mockRestore();
  });

  it("shows why the preview could not be made", async () => {
    mockIPC((cmd) => {
      switch (cmd) {
        case "platform_setup":
          return { ...setup, directories: [google] };
        case "platform_list":
          return {
            directory: google,
            total: 1,
            search: null,
            counts: { new: 1, newPicked: 1, notBound: 0, notBoundPicked: 0, bound: 0, boundPicked: 0 },
            requests: 1,
            pickedAgain: 0,
          };
        case "platform_people":
          return {
            matching: 1,
            offset: 0,
            rows: [{ ...people(1)[0], picked: true }],
            counts: { new: 1, newPicked: 1, notBound: 0, notBoundPicked: 0, bound: 0, boundPicked: 0 },
          };
        case "platform_preview":
          throw { code: "nothing_open", message: "No list of people is open." };
        default:
          throw new Error(`unexpected ${cmd}`);
      }
    });
    const start = vi.spyOn(session, "startImport");
    render(PlatformImportScreen, { org: acme });
    // The only directory is chosen already.
    await fireEvent.click(await screen.findByTestId("platform-list"));
    await fireEvent.click(await screen.findByTestId("platform-preview"));
    const alert = await screen.findByRole("alert");
    expect(alert.getAttribute("data-code")).toBe("nothing_open");
    expect(start).not.toHaveBeenCalled();
    await expectNoAxeViolations(document.body, "a preview that could not be made");
    start.mockRestore();
  });
});
