// One person's profile as the profile screen shows it: read from JumpCloud when it opens,
// and read again after every change (the change runs as a job, like every change Roster makes).
// With it: the changes JumpCloud will make to them on a date, and whether they are protected.

import {
  type AppError,
  commands,
  type PersonProfile,
  type ProfileEdit,
  type ScheduledChange,
} from "../bindings";
import { protectedPeople } from "../offboard/protection.svelte";

export class Profile {
  readonly id: string;
  data = $state<PersonProfile | null>(null);
  loading = $state(false);
  /** Reading the profile failed. */
  loadError = $state<AppError | null>(null);
  /** A change is being made. */
  busy = $state(false);
  /** The change could not be sent (code `conflict`: someone changed it meanwhile). */
  changeError = $state<AppError | null>(null);
  /** JumpCloud refused the change: its words. */
  refusal = $state<string | null>(null);
  /** What the last change did, in words. */
  note = $state<string | null>(null);
  /** The changes JumpCloud will make to them on a date, soonest first. */
  scheduled = $state<ScheduledChange[]>([]);
  /** Reading the scheduled changes failed. */
  scheduledError = $state<AppError | null>(null);

  constructor(id: string) {
    this.id = id;
  }

  async load(): Promise<void> {
    this.loading = true;
    this.loadError = null;
    // Alongside (not waited for: the profile shows as soon as it is here).
    void this.#loadScheduled();
    void protectedPeople.load();
    const result = await commands.personProfile(this.id);
    this.loading = false;
    if (result.status === "ok") this.data = result.data;
    else this.loadError = result.error;
  }

  async #loadScheduled(): Promise<void> {
    const result = await commands.scheduledList();
    if (result.status === "ok") {
      this.scheduledError = null;
      this.scheduled = result.data.filter((s) => s.userId === this.id);
    } else this.scheduledError = result.error;
  }

  /** Read the profile again after a conflict: the admin starts from what JumpCloud has now. */
  async reload(): Promise<void> {
    this.changeError = null;
    this.refusal = null;
    await this.load();
  }

  /** Make a change; true when JumpCloud made it (the profile is then read again). */
  async change(edit: ProfileEdit): Promise<boolean> {
    this.busy = true;
    this.changeError = null;
    this.refusal = null;
    this.note = null;
    const result = await commands.personChange(this.id, edit);
    this.busy = false;
    if (result.status === "error") {
      this.changeError = result.error;
      return false;
    }
    if (!result.data.done) {
      this.refusal = result.data.message;
      return false;
    }
    this.note = result.data.message;
    await this.load();
    return true;
  }
}
