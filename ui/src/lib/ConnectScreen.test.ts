import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { expectNoAxeViolations, shownText } from "../test-utils";
import type { OrgSummary, ProbeResult } from "./bindings";
import ConnectScreen from "./ConnectScreen.svelte";

const acme: OrgSummary = {
  name: "Acme",
  kind: "jumpcloud",
  location: "JumpCloud, European Union region",
  savedId: "eu-1",
};

function backend(probe: ProbeResult | { code: string; message: string }) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: args as Record<string, unknown> });
    if (cmd === "probe_login") {
      if ("code" in probe) throw probe;
      return probe;
    }
    if (cmd === "connect") return acme;
    throw new Error(`unexpected ${cmd}`);
  });
  return calls;
}

async function submitKey(key: string) {
  await fireEvent.input(screen.getByTestId("api-key"), { target: { value: key } });
  await fireEvent.submit(screen.getByTestId("connect-form"));
}

describe("ConnectScreen", () => {
  it("connects straight away when the key works where chosen", async () => {
    const calls = backend({
      region: "us",
      regionLabel: "United States",
      moved: false,
      organizations: [{ id: "o1", name: "Acme" }],
    });
    const onconnected = vi.fn();
    render(ConnectScreen, { onconnected, oncancel: vi.fn() });
    await submitKey("  my-key  ");
    await vi.waitFor(() => expect(onconnected).toHaveBeenCalledWith(acme));
    expect(calls.map((c) => c.cmd)).toEqual(["probe_login", "connect"]);
    expect(calls[1]?.args).toEqual({
      login: { kind: "apiKey", apiKey: "  my-key  " },
      region: "us",
      orgId: "o1",
    });
  });

  it("offers the region the key belongs to", async () => {
    const calls = backend({
      region: "eu",
      regionLabel: "European Union",
      moved: true,
      organizations: [{ id: "o1", name: "Acme" }],
    });
    const onconnected = vi.fn();
    render(ConnectScreen, { onconnected, oncancel: vi.fn() });
    await submitKey("k");
    const offer = await screen.findByTestId("region-offer");
    expect(shownText(offer)).toContain("This key belongs to the European Union region — use it?");
    await expectNoAxeViolations(document.body, "the region offer");
    expect(calls.filter((c) => c.cmd === "connect")).toHaveLength(0);
    await fireEvent.click(screen.getByRole("button", { name: "Use European Union" }));
    await vi.waitFor(() => expect(onconnected).toHaveBeenCalled());
    expect(calls.at(-1)?.args.region).toBe("eu");
  });

  it("lets a multi-tenant admin pick the organization", async () => {
    const calls = backend({
      region: "us",
      regionLabel: "United States",
      moved: false,
      organizations: [
        { id: "o1", name: "Acme" },
        { id: "o2", name: "Beta Ltd" },
      ],
    });
    render(ConnectScreen, { onconnected: vi.fn(), oncancel: vi.fn() });
    await submitKey("k");
    await screen.findByTestId("org-picker");
    await expectNoAxeViolations(document.body, "the organization picker");
    await fireEvent.click(await screen.findByLabelText("Beta Ltd"));
    await fireEvent.click(screen.getByRole("button", { name: "Open this organization" }));
    await vi.waitFor(() => expect(calls.at(-1)?.cmd).toBe("connect"));
    expect(calls.at(-1)?.args.orgId).toBe("o2");
  });

  it("signs in with a service account", async () => {
    const calls = backend({
      region: "us",
      regionLabel: "United States",
      moved: false,
      organizations: [{ id: "o1", name: "Acme" }],
    });
    const onconnected = vi.fn();
    render(ConnectScreen, { onconnected, oncancel: vi.fn() });
    await expectNoAxeViolations(document.body, "the API key form");
    await fireEvent.click(screen.getByTestId("use-service-account"));
    await expectNoAxeViolations(document.body, "the service account form");
    const submit = screen.getByTestId("connect-submit") as HTMLButtonElement;
    await fireEvent.input(screen.getByTestId("client-id"), { target: { value: "svc-1" } });
    expect(submit.disabled).toBe(true);
    await fireEvent.input(screen.getByTestId("client-secret"), { target: { value: "s3cret" } });
    expect(submit.disabled).toBe(false);
    await fireEvent.submit(screen.getByTestId("connect-form"));
    await vi.waitFor(() => expect(onconnected).toHaveBeenCalledWith(acme));
    expect(calls[0]?.args.login).toEqual({
      kind: "serviceAccount",
      clientId: "svc-1",
      clientSecret: "s3cret",
    });
  });

  it("explains a refused key and stays on the form", async () => {
    backend({ code: "bad_key", message: "JumpCloud did not accept the API key." });
    render(ConnectScreen, { onconnected: vi.fn(), oncancel: vi.fn() });
    await submitKey("wrong");
    const alert = await screen.findByRole("alert");
    expect(alert.getAttribute("data-code")).toBe("bad_key");
    expect(screen.getByTestId("connect-form")).toBeTruthy();
    await expectNoAxeViolations(document.body, "the form with a refused key");
  });
  it("offers Try again when JumpCloud cannot be reached, and sends the same request again", async () => {
    const offline = {
      code: "offline",
      message: "Roster could not reach JumpCloud. Check the internet connection.",
    };
    const calls: { cmd: string; args: Record<string, unknown> }[] = [];
    let failures = 1;
    mockIPC((cmd, args) => {
      calls.push({ cmd, args: args as Record<string, unknown> });
      if (cmd === "probe_login") {
        if (failures-- > 0) throw offline;
        return {
          region: "us",
          regionLabel: "United States",
          moved: false,
          organizations: [{ id: "o1", name: "Acme" }],
        };
      }
      if (cmd === "connect") return acme;
      throw new Error(`unexpected ${cmd}`);
    });
    const onconnected = vi.fn();
    render(ConnectScreen, { onconnected, oncancel: vi.fn() });
    await fireEvent.change(screen.getByTestId("region"), { target: { value: "eu" } });
    await submitKey("my-key");
    const alert = await screen.findByRole("alert");
    expect(alert.getAttribute("data-code")).toBe("offline");
    await expectNoAxeViolations(document.body, "the form with Try again");
    await fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    await vi.waitFor(() => expect(onconnected).toHaveBeenCalledWith(acme));
    expect(calls.map((c) => c.cmd)).toEqual(["probe_login", "probe_login", "connect"]);
    expect(calls[1]?.args).toEqual(calls[0]?.args);
    expect(calls[1]?.args).toEqual({ login: { kind: "apiKey", apiKey: "my-key" }, region: "eu" });
  });

  it("tries only the failed step again: opening the organization, not checking the key", async () => {
    const calls: string[] = [];
    let failures = 1;
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "probe_login")
        return {
          region: "us",
          regionLabel: "United States",
          moved: false,
          organizations: [{ id: "o1", name: "Acme" }],
        };
      if (cmd === "connect") {
        if (failures-- > 0) throw { code: "offline", message: "Roster could not reach JumpCloud." };
        return acme;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const onconnected = vi.fn();
    render(ConnectScreen, { onconnected, oncancel: vi.fn() });
    await submitKey("k");
    await screen.findByRole("alert");
    await fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    await vi.waitFor(() => expect(onconnected).toHaveBeenCalledWith(acme));
    expect(calls).toEqual(["probe_login", "connect", "connect"]);
  });

  it("does not offer Try again for a refused key", async () => {
    backend({ code: "bad_key", message: "JumpCloud did not accept the API key." });
    render(ConnectScreen, { onconnected: vi.fn(), oncancel: vi.fn() });
    await submitKey("wrong");
    await screen.findByRole("alert");
    expect(screen.queryByRole("button", { name: "Try again" })).toBeNull();
  });

  it("goes back with Esc", async () => {
    backend({ code: "offline", message: "Roster could not reach JumpCloud." });
    const oncancel = vi.fn();
    render(ConnectScreen, { onconnected: vi.fn(), oncancel });
    await submitKey("k");
    await screen.findByRole("alert");
    await fireEvent.keyDown(screen.getByTestId("api-key"), { key: "Escape" });
    expect(oncancel).toHaveBeenCalledOnce();
  });

  it("goes back to the key with Esc from the region offer", async () => {
    backend({
      region: "eu",
      regionLabel: "European Union",
      moved: true,
      organizations: [{ id: "o1", name: "Acme" }],
    });
    const oncancel = vi.fn();
    render(ConnectScreen, { onconnected: vi.fn(), oncancel });
    await submitKey("k");
    await screen.findByTestId("region-offer");
    await fireEvent.keyDown(document.body, { key: "Escape" });
    expect(await screen.findByTestId("connect-form")).toBeTruthy();
    expect(screen.queryByTestId("region-offer")).toBeNull();
    expect(oncancel).not.toHaveBeenCalled();
  });
});
