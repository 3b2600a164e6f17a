import axe from "axe-core";

/** An element's text as the window shows it: runs of spaces and line breaks as one space. */
export function shownText(element: Element | null | undefined): string {
  return (element?.textContent ?? "").replace(/\s+/g, " ").trim();
}

/** A promise and the means to settle it, for answers that arrive when a test says so. */
export function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

type ChannelArg = { id: number };

/** Send a message on a channel the UI passed to a mocked command, as Rust would. */
export function sendOnChannel(channel: unknown, index: number, message: unknown) {
  const id = (channel as ChannelArg).id;
  const internals = (
    window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void } }
  ).__TAURI_INTERNALS__;
  internals.runCallback(id, { index, message });
}

/** A 2D context that draws every text the same: the same pixels, ten points a letter. */
function lettersOnlyContext(this: HTMLCanvasElement) {
  return {
    canvas: this,
    font: "",
    textAlign: "left",
    textBaseline: "top",
    measureText: (text: string) => ({ width: 10 * text.length }),
    fillText: () => {},
    clearRect: () => {},
    getImageData: (_x: number, _y: number, width: number, height: number) => ({
      data: new Uint8ClampedArray(Math.max(1, Math.ceil(width) * Math.ceil(height)) * 4).fill(255),
    }),
  };
}

/** The WCAG 2.0, 2.1 and 2.2 A and AA rules, and axe's best practices. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/**
 * Run axe-core on what a test rendered (`document.body` for dialogs too) and fail with a readable
 * list of the violations: the rule, what it asks for, and each failing element's selector and html.
 */
export async function expectNoAxeViolations(container: Element, label = "this screen"): Promise<void> {
  // axe tells an icon font's ligature (text drawn as a picture) from words by drawing the text on
  // a canvas, which jsdom does not implement: "label in name" would end in an error on every
  // button whose name is not its text. Roster uses no icon font, so while axe runs a canvas draws
  // every text alike, as letters, and the rule compares the name with all the visible words.
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = lettersOnlyContext as unknown as typeof getContext;
  let results: axe.AxeResults;
  try {
    results = await axe.run(container, {
      runOnly: { type: "tag", values: AXE_TAGS },
      rules: {
        // jsdom lays nothing out and computes no colours, so axe cannot measure contrast here:
        // the E2E tests check contrast in the real window.
        "color-contrast": { enabled: false },
      },
      resultTypes: ["violations"],
    });
  } finally {
    HTMLCanvasElement.prototype.getContext = getContext;
  }
  if (results.violations.length === 0) return;
  const report = results.violations
    .map((violation) => {
      const nodes = violation.nodes
        .map((node) => {
          const why = (node.failureSummary ?? "").replace(/\n/g, "\n        ");
          return `    at ${node.target.join(" ")}\n      ${node.html}\n      ${why}`;
        })
        .join("\n");
      return `  ${violation.id} (${violation.impact ?? "no impact"}): ${violation.help}\n${nodes}`;
    })
    .join("\n");
  throw new Error(
    `axe found ${results.violations.length} accessibility violation(s) in ${label}:\n${report}`,
  );
}
