// What this window is working on: the open organization and the spreadsheet
// being imported into it.

import type { ImportSummary, OrgSummary } from "./bindings";
import { ImportJob } from "./import/job.svelte";
import { listFlow, offboarding } from "./offboard/flow.svelte";
import { protectedPeople } from "./offboard/protection.svelte";
import { forgetPlace } from "./people/place";
import { selection } from "./people/selection.svelte";
import { peopleRoute, router } from "./router.svelte";

export class Session {
  org = $state<OrgSummary | null>(null);
  /** The Connect screen is showing. */
  connecting = $state(false);
  /** The spreadsheet being prepared or imported, if one is open. */
  importing = $state<ImportSummary | null>(null);
  /** Its run, once one started. */
  job = $state<ImportJob | null>(null);

  /** Whether an import is running now (switching organization waits for it). */
  get busy(): boolean {
    return this.job?.running ?? false;
  }

  /** What switching organization waits for, if anything: an import or an offboarding. */
  get waitsFor(): string | null {
    if (this.busy) return "the import";
    return offboarding.running > 0 ? "the change running now" : null;
  }

  /** An organization was opened (or switched to): start over on People. */
  opened(org: OrgSummary) {
    this.org = org;
    this.connecting = false;
    selection.clear();
    protectedPeople.reset();
    listFlow.reset();
    forgetPlace();
    this.closeImport();
  }

  /** The organization was closed (signed out). */
  closed() {
    this.org = null;
    this.importing = null;
    this.job = null;
    selection.clear();
    protectedPeople.reset();
    listFlow.reset();
    forgetPlace();
    router.replace(peopleRoute());
  }

  startImport(summary: ImportSummary) {
    this.importing = summary;
    this.job = new ImportJob();
    router.go({ name: "import" });
  }

  /**
   * The import screen has a newer summary (after an edit or a check). Dropped
   * when it comes late, from an import that is no longer the open one.
   */
  updateImport(job: ImportJob | null, summary: ImportSummary) {
    if (job !== null && job === this.job) this.importing = summary;
  }

  closeImport() {
    this.importing = null;
    this.job = null;
    router.go(peopleRoute());
  }

  /** For tests: as when the window opened. */
  reset() {
    this.org = null;
    this.connecting = false;
    this.importing = null;
    this.job = null;
    selection.clear();
    protectedPeople.reset();
    listFlow.reset();
    forgetPlace();
  }
}

export const session = new Session();
