import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { expectNoAxeViolations, shownText } from "../../test-utils";
import type {
  OrgSummary,
  PersonChangeResult,
  PersonForm,
  PersonFormCheck,
  PersonFormSetup,
} from "../bindings";
import AddPersonForm from "./AddPersonForm.svelte";

const acme: OrgSummary = { name: "Acme", kind: "jumpcloud", location: "JumpCloud, United States region" };

const setup: PersonFormSetup = {
  fields: [
    { key: "username", label: "Username", required: true, secret: false },
    { key: "email", label: "Email", required: true, secret: false },
    { key: "jobTitle", label: "Job title", required: false, secret: false },
    { key: "password", label: "Password", required: false, secret: true },
  ],
  passwordRules: ["At least 12 characters."],
  defaultState: "staged",
  directories: [
    {
      id: "d1",
      name: "Acme Google",
      kind: "Google Workspace",
      count: 3,
      bindEffect: "JumpCloud creates their Google account.",
      unbindEffect: "Their Google account is suspended.",
    },
  ],
  groups: [{ id: "g1", name: "Finance" }],
  formId: "form-1",
};

function value(form: PersonForm, key: string): string | undefined {
  return form.values.find((v) => v.key === key)?.value;
}

/** person_check: an email without @ is refused; ready once both are there. */
function checkOf(form: PersonForm): PersonFormCheck {
  const email = value(form, "email") ?? "";
  const issues = email.includes("@")
    ? []
    : [{ field: "email", blocking: true, code: "invalid_email", message: "This is not an email address." }];
  const ready = issues.length === 0 && Boolean(value(form, "username"));
  return {
    issues,
    summary: ready ? [`Adds ${value(form, "username")} to Acme.`, "They start not yet activated."] : [],
    startState: form.state ?? "staged",
    defaultState: "staged",
    ready,
  };
}

function backend(add: (form: PersonForm) => PersonChangeResult) {
  const checks: PersonForm[] = [];
  const adds: PersonForm[] = [];
  mockIPC((cmd, args) => {
    const { form } = (args ?? {}) as { form: PersonForm };
    switch (cmd) {
      case "person_form":
        return setup;
      case "person_check":
        checks.push(form);
        return checkOf(form);
      case "person_add":
        adds.push(form);
        return add(form);
      default:
        throw new Error(`unexpected ${cmd}`);
    }
  });
  return { checks, adds };
}

function submit(): HTMLButtonElement {
  return screen.getByTestId("add-person-submit") as HTMLButtonElement;
}

describe("AddPersonForm", () => {
  it("offers the username from the email, shows a problem under its field, and adds only when ready", async () => {
    const { checks } = backend(() => ({
      done: true,
      message: "Added amara.okafor.",
      id: "u9",
      field: null,
      reportPath: "/r.csv",
    }));
    const onadded = vi.fn();
    render(AddPersonForm, { org: acme, onadded, oncancel: vi.fn() });
    const email = (await screen.findByTestId("field-email")) as HTMLInputElement;
    expect(submit().disabled).toBe(true);
    // A password is typed masked, with the organization's rules next to it.
    const password = screen.getByTestId("field-password") as HTMLInputElement;
    expect(password.type).toBe("password");
    const rules = document.getElementById(password.getAttribute("aria-describedby") ?? "");
    expect(shownText(rules)).toBe("At least 12 characters.");
    // The org's default start is chosen, and says so.
    const staged = screen.getByTestId("state-staged") as HTMLInputElement;
    expect(staged.checked).toBe(true);
    expect(shownText(staged.closest("label"))).toContain("(this organization's default)");
    await expectNoAxeViolations(document.body, "the empty form");

    await fireEvent.input(email, { target: { value: "Amara.Okafor" } });
    expect((screen.getByTestId("field-username") as HTMLInputElement).value).toBe("amara.okafor");
    const issue = await screen.findByTestId("issue-email");
    expect(shownText(issue)).toBe("This is not an email address.");
    expect(email.getAttribute("aria-invalid")).toBe("true");
    expect(email.getAttribute("aria-describedby")).toBe(issue.id);
    expect(screen.queryByTestId("issue-username")).toBeNull();
    expect(submit().disabled).toBe(true);
    // Said to screen readers too, as it is found (not only when the field has the focus).
    expect(screen.getAllByRole("status").map((s) => shownText(s))).toContain(
      "Email: This is not an email address.",
    );
    await expectNoAxeViolations(document.body, "the form with a field's problem shown");

    await fireEvent.input(email, { target: { value: "Amara.Okafor@example.com" } });
    await vi.waitFor(() => expect(submit().disabled).toBe(false));
    expect(screen.queryByTestId("issue-email")).toBeNull();
    expect(email.hasAttribute("aria-invalid")).toBe(false);
    expect(shownText(screen.getByTestId("form-summary"))).toContain("Adds amara.okafor to Acme.");
    await expectNoAxeViolations(document.body, "the form ready to add");

    // A directory says what binding does once ticked; a group is sent too.
    await fireEvent.click(screen.getByTestId("directory-d1"));
    expect(shownText(screen.getByTestId("person-form"))).toContain("JumpCloud creates their Google account.");
    await fireEvent.click(screen.getByTestId("group-g1"));
    await vi.waitFor(() => expect(submit().disabled).toBe(false));
    // Checks wait for typing to pause: far fewer checks than keystrokes-and-clicks would make.
    expect(checks.length).toBeLessThanOrEqual(4);

    await fireEvent.click(submit());
    expect(shownText(await screen.findByTestId("add-result"))).toContain("Added amara.okafor.");
    expect(screen.getByRole("link", { name: "Open their profile" }).getAttribute("href")).toBe("#/people/u9");
    await expectNoAxeViolations(document.body, "the form after adding");
    expect(onadded).toHaveBeenCalledWith("u9", "Added amara.okafor.");
  });

  it("marks the field JumpCloud refused, and a retry sends the same form id", async () => {
    let attempt = 0;
    const { adds } = backend(() => {
      attempt += 1;
      return attempt === 1
        ? {
            done: false,
            message: "JumpCloud already has someone with this username.",
            id: null,
            field: "username",
            reportPath: "/r.csv",
          }
        : { done: true, message: "Added amara.o.", id: "u10", field: null, reportPath: "/r.csv" };
    });
    render(AddPersonForm, { org: acme, onadded: vi.fn(), oncancel: vi.fn() });
    await fireEvent.input(await screen.findByTestId("field-email"), {
      target: { value: "amara@example.com" },
    });
    await vi.waitFor(() => expect(submit().disabled).toBe(false));
    await fireEvent.click(submit());

    const issue = await screen.findByTestId("issue-username");
    expect(shownText(issue)).toBe("JumpCloud already has someone with this username.");
    const username = screen.getByTestId("field-username") as HTMLInputElement;
    expect(username.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(username);
    expect(screen.queryByTestId("add-result")).toBeNull();
    await expectNoAxeViolations(document.body, "the form with JumpCloud's refusal");

    await fireEvent.input(username, { target: { value: "amara.o" } });
    expect(screen.queryByTestId("issue-username")).toBeNull();
    await vi.waitFor(() => expect(submit().disabled).toBe(false));
    await fireEvent.click(submit());
    expect(shownText(await screen.findByTestId("add-result"))).toContain("Added amara.o.");
    expect(adds.map((f) => f.formId)).toEqual(["form-1", "form-1"]);
    expect(value(adds[1] as PersonForm, "username")).toBe("amara.o");
  });
});
