// One run of an import (and its retries): progress, result, and stopping it.
// Kept outside the import screen so that going to History and back while it
// runs loses nothing.

import { Channel } from "@tauri-apps/api/core";
import { type AppError, commands, type ImportProgress, type ImportResult } from "../bindings";

export class ImportJob {
  running = $state(false);
  stopping = $state(false);
  /** The id of the job running now; known from the first progress message. */
  jobId = $state<string | null>(null);
  progress = $state<ImportProgress | null>(null);
  result = $state<ImportResult | null>(null);
  error = $state<AppError | null>(null);

  async run(retryFailed: boolean) {
    this.running = true;
    this.stopping = false;
    this.jobId = null;
    this.result = null;
    this.error = null;
    this.progress = null;
    const channel = new Channel<ImportProgress>();
    channel.onmessage = (p) => {
      this.progress = p;
      this.jobId = p.jobId;
    };
    const outcome = await commands.importRun(retryFailed, channel);
    this.running = false;
    this.stopping = false;
    if (outcome.status === "ok") {
      this.result = outcome.data;
      this.jobId = outcome.data.jobId;
    } else this.error = outcome.error;
  }

  /** Ask the running job to stop after the rows in flight. */
  async cancel() {
    const jobId = this.jobId;
    if (!this.running || !jobId) return;
    this.stopping = true;
    const outcome = await commands.importCancel(jobId);
    if (outcome.status === "error") {
      this.stopping = false;
      this.error = outcome.error;
    }
  }
}
