// Roster's updates: the quiet check at start, Help → Check for updates, and installing.

import { type AppError, commands, type UpdateCheck, type UpdateOffer } from "../bindings";

export class Updates {
  /** The newer Roster a check found, ready to install. */
  offer = $state<UpdateOffer | null>(null);
  /** The admin closed the notice (it shows again when they check from Help). */
  dismissed = $state(false);
  /** "Restart and update" was chosen: Roster downloads and restarts. */
  installing = $state(false);
  /** Why it could not update (a job is running, the download failed). */
  installError = $state<AppError | null>(null);
  private checkedAtStart = false;

  /** The notice shows. */
  get showing(): boolean {
    return this.offer !== null && !this.dismissed;
  }

  /**
   * Once, when the first organization screen shows. Quiet: a problem (offline, no update
   * server, a test without one) shows nothing here; Rust has logged it.
   */
  async checkAtStart(): Promise<void> {
    if (this.checkedAtStart) return;
    this.checkedAtStart = true;
    try {
      const result = await commands.updateCheck();
      if (result.status === "ok") this.found(result.data);
    } catch {
      // Not even an answer (no backend): nothing to say either.
    }
  }

  /** Help → Check for updates: the answer, or the error, for the Help menu to tell. */
  async check(): Promise<{ status: "ok"; data: UpdateCheck } | { status: "error"; error: AppError }> {
    const result = await commands.updateCheck();
    if (result.status === "ok") this.found(result.data);
    return result;
  }

  private found(check: UpdateCheck) {
    if (!check.available) return;
    this.offer = check.available;
    this.dismissed = false;
    this.installError = null;
  }

  /** "Restart and update". On success Roster restarts; a refusal shows in the notice. */
  async install(): Promise<void> {
    if (this.installing) return;
    this.installing = true;
    this.installError = null;
    try {
      const result = await commands.updateInstall();
      if (result.status === "error") this.installError = result.error;
    } finally {
      this.installing = false;
    }
  }

  dismiss() {
    this.dismissed = true;
    this.installError = null;
  }

  /** For tests: as a fresh window. */
  reset() {
    this.offer = null;
    this.dismissed = false;
    this.installing = false;
    this.installError = null;
    this.checkedAtStart = false;
  }
}

export const updates = new Updates();
