// One offboarding — suspend, reactivate, delete or schedule one person or a selection — from
// the first click to the result: what it would do (Rust's preview, shown in the
// confirmation), the answers the confirmation asks for, the run with its progress, and what
// it did. The profile and the people list each have one; the same steps from both.

import { Channel } from "@tauri-apps/api/core";
import {
  type AppError,
  commands,
  type ImportProgress,
  type OffboardAction,
  type OffboardPreviewView,
  type OffboardResult,
  type ReportsChoice,
} from "../bindings";
import { selection } from "../people/selection.svelte";
import { protectedPeople } from "./protection.svelte";
import { CHANGED_OUTCOMES, type OffboardKind, utcFromLocal } from "./words";

/**
 * `date`: choosing when (schedule only); `checking`: asking Rust what it would do;
 * `confirm`: the confirmation; `count`: typing the count of a large batch; `running`;
 * `done`: the result (or why it could not run).
 */
export type OffboardStep = "idle" | "date" | "checking" | "confirm" | "count" | "running" | "done";

/** What happens to the reports of someone deleted: not chosen yet, none, or another manager. */
export type ReportsHow = "" | "clear" | "handTo";

export type OffboardDone = {
  kind: OffboardKind;
  result: OffboardResult;
  /** The ids of the people it changed (also by an earlier run of the same job). */
  changed: string[];
};

/** How many offboardings are running in this window (switching organization waits for them). */
export const offboarding = $state({ running: 0 });

export class OffboardFlow {
  step = $state<OffboardStep>("idle");
  kind = $state<OffboardKind>("suspend");
  /** The user ids it is about, as the admin picked them. */
  people = $state<string[]>([]);
  /** Their name, when it is one person and the screen knows it (before the preview does). */
  who = $state<string | null>(null);
  preview = $state<OffboardPreviewView | null>(null);
  /** The preview is being asked for again (the confirmation stays, waiting). */
  refreshing = $state(false);
  /** Checking or running failed: in words. */
  error = $state<AppError | null>(null);
  /** Reactivating (or activating on a date) someone not yet activated: with JumpCloud's email. */
  sendEmail = $state(true);
  /** On a date: suspend them (or else activate them). */
  scheduleSuspend = $state(true);
  /** On a date: when, as the date-time box has it (this computer's time). */
  scheduleAt = $state("");
  reason = $state("");
  reports = $state<ReportsHow>("");
  managerId = $state("");
  /** The run: its progress, how to stop it, what it did. */
  jobId = $state<string | null>(null);
  progress = $state<ImportProgress | null>(null);
  stopping = $state(false);
  result = $state<OffboardResult | null>(null);

  #listeners = new Set<(done: OffboardDone) => void>();
  #generation = 0;
  #typedCount: number | null = null;

  constructor(ondone?: (done: OffboardDone) => void) {
    if (ondone) this.#listeners.add(ondone);
  }

  /** Be told when a run ends (to read the list again...); returns how to stop being told. */
  onDone(listener: (done: OffboardDone) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Something is under way: the buttons that start another wait. */
  get busy(): boolean {
    return this.step !== "idle" && this.step !== "done";
  }

  get running(): boolean {
    return this.step === "running";
  }

  get reportsChoice(): ReportsChoice {
    if (this.reports === "clear") return { how: "clear" };
    if (this.reports === "handTo" && this.managerId) return { how: "handTo", managerId: this.managerId };
    return { how: "ask" };
  }

  /** A choice for the reports is made, when one is needed. */
  get reportsChosen(): boolean {
    return !this.preview?.needsReportsChoice || this.reportsChoice.how !== "ask";
  }

  /** The date-time chosen, in UTC (RFC 3339); null until it is a valid one. */
  get scheduleUtc(): string | null {
    return utcFromLocal(this.scheduleAt);
  }

  get action(): OffboardAction {
    switch (this.kind) {
      case "suspend":
        return { kind: "suspend" };
      case "reactivate":
        return { kind: "reactivate", sendEmail: this.sendEmail };
      case "delete":
        return { kind: "delete", reports: this.reportsChoice };
    }
    return {
      kind: "schedule",
      suspend: this.scheduleSuspend,
      at: this.scheduleUtc ?? "",
      sendEmail: this.sendEmail,
    };
  }

  /** Start over with `kind` for these people: on a date asks when first; the rest checks. */
  start(people: string[], kind: OffboardKind, options: { scheduleSuspend?: boolean; who?: string } = {}) {
    if (this.busy || people.length === 0) return;
    this.#generation += 1;
    this.people = [...people];
    this.who = options.who ?? null;
    this.kind = kind;
    this.preview = null;
    this.error = null;
    this.result = null;
    this.reason = "";
    this.reports = "";
    this.managerId = "";
    this.sendEmail = true;
    this.scheduleSuspend = options.scheduleSuspend ?? true;
    this.scheduleAt = "";
    this.#typedCount = null;
    if (kind === "schedule") this.step = "date";
    else void this.check();
  }

  /** Ask Rust what the change would do (and who is protected), for the confirmation. */
  async check(): Promise<void> {
    const generation = ++this.#generation;
    const keep = this.step === "confirm" && this.preview !== null;
    if (keep) this.refreshing = true;
    else this.step = "checking";
    this.error = null;
    const action: OffboardAction =
      this.kind === "delete" ? { kind: "delete", reports: { how: "ask" } } : this.action;
    const [result] = await Promise.all([
      commands.offboardPreview(this.people, action),
      protectedPeople.load(),
    ]);
    if (generation !== this.#generation) return;
    this.refreshing = false;
    if (result.status === "error") {
      this.error = result.error;
      this.preview = null;
      this.step = "idle";
      return;
    }
    this.preview = result.data;
    this.step = "confirm";
  }

  /** Reactivating: with or without the activation email (the confirmation is checked again). */
  setSendEmail(send: boolean) {
    this.sendEmail = send;
    if (this.step === "confirm") void this.check();
  }

  /** "Suspend instead": the same people, suspended rather than deleted. */
  suspendInstead() {
    this.kind = "suspend";
    this.reports = "";
    this.managerId = "";
    this.step = "checking";
    void this.check();
  }

  /**
   * The confirmation was confirmed (it holds its button until what it asks is typed and
   * chosen). A large batch asks for the count next, unless the count was just typed (a delete
   * of many asks for it in the confirmation itself).
   */
  confirm() {
    const preview = this.preview;
    if (!preview || preview.changing === 0 || !this.reportsChosen) return;
    if (!preview.needsCount) {
      this.#typedCount = null;
      void this.run();
    } else if (this.kind === "delete" && preview.changing > 1) {
      this.#typedCount = preview.changing;
      void this.run();
    } else this.step = "count";
  }

  /** The count of a large batch was typed, exactly (the dialog holds its button until then). */
  confirmCount() {
    if (!this.preview) return;
    this.#typedCount = this.preview.changing;
    void this.run();
  }

  async run(): Promise<void> {
    const preview = this.preview;
    if (!preview) return;
    this.step = "running";
    this.error = null;
    this.result = null;
    this.jobId = null;
    this.progress = null;
    this.stopping = false;
    const channel = new Channel<ImportProgress>();
    channel.onmessage = (p) => {
      this.progress = p;
      this.jobId = p.jobId;
    };
    const reason = this.reason.trim();
    const generation = this.#generation;
    offboarding.running += 1;
    const outcome = await commands
      .offboardRun(this.people, this.action, this.#typedCount, reason === "" ? null : reason, channel)
      .finally(() => {
        offboarding.running -= 1;
      });
    // Forgotten meanwhile (another organization was opened).
    if (generation !== this.#generation) return;
    this.stopping = false;
    this.step = "done";
    if (outcome.status === "error") {
      this.error = outcome.error;
      return;
    }
    const result = outcome.data;
    this.result = result;
    this.jobId = result.jobId;
    const ids = new Map(preview.rows.map((r) => [r.username, r.id]));
    const changed = result.rows
      .filter((r) => CHANGED_OUTCOMES.has(r.outcome))
      .map((r) => ids.get(r.username))
      .filter((id): id is string => Boolean(id));
    for (const listener of this.#listeners) listener({ kind: this.kind, result, changed });
  }

  /** Stop the running job after the people in flight; the rest are not changed. */
  async cancel(): Promise<void> {
    const jobId = this.jobId;
    if (!this.running || !jobId) return;
    this.stopping = true;
    const outcome = await commands.importCancel(jobId);
    if (outcome.status === "error") {
      this.stopping = false;
      this.error = outcome.error;
    }
  }

  /** Cancel (before the run) or close the result. */
  close() {
    if (!this.running) this.reset();
  }

  /** Forget everything (another organization was opened); a run's answer is then dropped. */
  reset() {
    this.#generation += 1;
    this.step = "idle";
    this.preview = null;
    this.refreshing = false;
    this.error = null;
    this.result = null;
    this.progress = null;
    this.jobId = null;
    this.stopping = false;
  }
}

/**
 * The people list's offboarding: kept outside the list (like the picks), so that opening a
 * profile while it runs loses nothing. Those it changed are no longer picked.
 */
export const listFlow = new OffboardFlow(({ changed }) => selection.remove(changed));
