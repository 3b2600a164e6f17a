import type { ErrorCode } from "./bindings";

/** Whether trying the same thing again may work. Decided from the code, never the words. */
export function isRetryable(code: ErrorCode): boolean {
  return code === "offline" || code === "server_error" || code === "rate_limited";
}
