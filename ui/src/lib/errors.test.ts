import { describe, expect, it } from "vitest";
import { isRetryable } from "./errors";

describe("errors", () => {
  it("decides retry from the code", () => {
    expect(isRetryable("offline")).toBe(true);
    expect(isRetryable("server_error")).toBe(true);
    expect(isRetryable("rate_limited")).toBe(true);
    expect(isRetryable("bad_key")).toBe(false);
    expect(isRetryable("validation")).toBe(false);
  });
});
