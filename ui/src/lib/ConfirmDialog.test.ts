import { fireEvent, render, screen } from "@testing-library/svelte";
import { createRawSnippet } from "svelte";
import { describe, expect, it, vi } from "vitest";
import { expectNoAxeViolations, shownText } from "../test-utils";
import type { OrgSummary } from "./bindings";
import ConfirmDialog from "./ConfirmDialog.svelte";

const acme: OrgSummary = { name: "Acme", kind: "jumpcloud", location: "JumpCloud, European Union region" };
const practice: OrgSummary = { name: "Northwind (practice)", kind: "practice", location: "On this computer" };

const body = createRawSnippet(() => ({ render: () => "<p>Ada can no longer sign in.</p>" }));

function open(
  props: Partial<{ org: OrgSummary; typeToConfirm: string | null; busy: boolean; ready: boolean }> = {},
) {
  const onconfirm = vi.fn();
  const oncancel = vi.fn();
  const view = render(ConfirmDialog, {
    title: "Suspend ada?",
    org: props.org ?? acme,
    confirmLabel: "Suspend",
    typeToConfirm: props.typeToConfirm ?? null,
    busy: props.busy ?? false,
    ready: props.ready ?? true,
    onconfirm,
    oncancel,
    children: body,
  });
  return { onconfirm, oncancel, view };
}

describe("ConfirmDialog", () => {
  it("is a modal dialog naming the organization, and starts on Cancel", async () => {
    open();
    const dialog = screen.getByRole("dialog", { name: "Suspend ada?" });
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(shownText(dialog)).toContain("Ada can no longer sign in.");
    const org = screen.getByTestId("confirm-org");
    expect(shownText(org)).toBe("Acme JumpCloud, European Union region");
    expect(org.classList.contains("practice")).toBe(false);
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Cancel" }));
    await expectNoAxeViolations(document.body, "the dialog");
  });

  it("shows the practice organization in its own colours", async () => {
    open({ org: practice });
    const org = screen.getByTestId("confirm-org");
    expect(org.classList.contains("practice")).toBe(true);
    expect(shownText(org)).toContain("nothing here reaches JumpCloud");
    await expectNoAxeViolations(document.body, "the dialog in the practice organization");
  });

  it("cancels with Esc, and gives focus back to what opened it", async () => {
    const opener = document.createElement("button");
    opener.textContent = "Suspend…";
    document.body.append(opener);
    opener.focus();
    const { oncancel, onconfirm, view } = open();
    expect(document.activeElement).not.toBe(opener);
    await fireEvent.keyDown(document.activeElement ?? document.body, { key: "Escape" });
    expect(oncancel).toHaveBeenCalledOnce();
    expect(onconfirm).not.toHaveBeenCalled();
    view.unmount();
    expect(document.activeElement).toBe(opener);
    opener.remove();
  });

  it("keeps Tab inside the dialog", async () => {
    open();
    const cancel = screen.getByRole("button", { name: "Cancel" });
    const confirm = screen.getByRole("button", { name: "Suspend" });
    confirm.focus();
    await fireEvent.keyDown(confirm, { key: "Tab" });
    expect(document.activeElement).toBe(cancel);
    await fireEvent.keyDown(cancel, { key: "Tab", shiftKey: true });
    expect(document.activeElement).toBe(confirm);
  });

  it("confirms on the confirm button", async () => {
    const { onconfirm, oncancel } = open();
    await fireEvent.click(screen.getByRole("button", { name: "Suspend" }));
    expect(onconfirm).toHaveBeenCalledOnce();
    expect(oncancel).not.toHaveBeenCalled();
  });

  it("waits for the exact text before it can confirm", async () => {
    const { onconfirm } = open({ typeToConfirm: "ada.lovelace" });
    const input = screen.getByLabelText("To confirm, type ada.lovelace") as HTMLInputElement;
    const confirm = screen.getByRole("button", { name: "Suspend" }) as HTMLButtonElement;
    expect(document.activeElement).toBe(input);
    expect(confirm.disabled).toBe(true);
    await expectNoAxeViolations(document.body, "the dialog with text to type");
    for (const wrong of ["ada", "Ada.Lovelace", "ada.lovelace2"]) {
      await fireEvent.input(input, { target: { value: wrong } });
      expect(confirm.disabled).toBe(true);
    }
    // Enter in the box does nothing while the text is wrong.
    await fireEvent.submit(input.form as HTMLFormElement);
    expect(onconfirm).not.toHaveBeenCalled();
    await fireEvent.input(input, { target: { value: "ada.lovelace" } });
    expect(confirm.disabled).toBe(false);
    await fireEvent.click(confirm);
    expect(onconfirm).toHaveBeenCalledOnce();
  });

  it("holds both buttons while the change is under way", async () => {
    const { oncancel } = open({ busy: true });
    expect((screen.getByRole("button", { name: "Cancel" }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole("button", { name: "Suspend" }) as HTMLButtonElement).disabled).toBe(true);
    await expectNoAxeViolations(document.body, "the dialog while the change is under way");
    await fireEvent.keyDown(document.body, { key: "Escape" });
    expect(oncancel).not.toHaveBeenCalled();
  });
});

describe("a choice the dialog asks for", () => {
  it("holds the confirm button, and Enter, until it is made", async () => {
    const { onconfirm, view } = open({ ready: false });
    const confirm = screen.getByRole("button", { name: "Suspend" }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    await fireEvent.submit(confirm.form as HTMLFormElement);
    expect(onconfirm).not.toHaveBeenCalled();
    await view.rerender({ ready: true });
    expect(confirm.disabled).toBe(false);
    await fireEvent.click(confirm);
    expect(onconfirm).toHaveBeenCalledOnce();
  });
});
