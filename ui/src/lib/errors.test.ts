import { describe, expect, it } from "vitest";
import { isRetryable, nextStep, toAppError } from "./errors";

describe("errors", () => {
  it("decides retry from the code", () => {
    expect(isRetryable("offline")).toBe(true);
    expect(isRetryable("server_error")).toBe(true);
    expect(isRetryable("bad_key")).toBe(false);
    expect(nextStep("bad_key")).toBe("Check your API key");
  });

  it("keeps an AppError as it is and wraps anything else", () => {
    const e = { code: "offline", message: "No network." } as const;
    expect(toAppError(e)).toBe(e);
    const wrapped = toAppError(new Error("boom"));
    expect(wrapped.code).toBe("internal");
    expect(wrapped.message).toContain("boom");
  });
});
