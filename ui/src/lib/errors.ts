import type { AppError, ErrorCode } from "./bindings";

/** What the admin can do next, per error code. Decided from the code, never the words. */
export function nextStep(code: ErrorCode): string {
  switch (code) {
    case "not_connected":
      return "Open an organization";
    case "bad_key":
      return "Check your API key";
    case "offline":
    case "server_error":
    case "rate_limited":
      return "Try again";
    case "file_unreadable":
      return "Pick the file again";
    default:
      return "Try again";
  }
}

/** Whether trying the same thing again may work. */
export function isRetryable(code: ErrorCode): boolean {
  return code === "offline" || code === "server_error" || code === "rate_limited";
}

/** Turn anything a command rejected with into an AppError the UI can show. */
export function toAppError(e: unknown): AppError {
  if (typeof e === "object" && e !== null && "code" in e && "message" in e) {
    return e as AppError;
  }
  return {
    code: "internal",
    message: `Something went wrong inside Roster: ${String(e)}. Restart Roster and try again.`,
  };
}
