// The colours in app.css: both palettes (light, dark), read from the light-dark() pairs in :root,
// must be readable. Every text and background pair the screens use is checked against WCAG 2.2
// AA: 4.5:1 for words, 3:1 for focus rings and the edges that show where a control is. A colour
// changed so that something is hard to read fails here, in the palette that broke.
import { describe, expect, it } from "vitest";
import css from "./app.css?raw";

const components = import.meta.glob<string>("./**/*.svelte", {
  query: "?raw",
  import: "default",
  eager: true,
});

const source = css.replace(/\/\*[\s\S]*?\*\//g, "");

/** The declarations of the first rule whose selector is exactly `selector`, searched from `from`. */
function block(selector: string, from = 0): { body: string; start: number; end: number } {
  const head = `${selector} {`;
  const start = source.indexOf(head, from);
  if (start < 0) throw new Error(`app.css has no rule ${selector}`);
  const open = start + head.length;
  const end = source.indexOf("}", open);
  return { body: source.slice(open, end), start, end: end + 1 };
}

function declarations(body: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of body.split(";")) {
    const colon = part.indexOf(":");
    if (colon < 0) continue;
    found.set(part.slice(0, colon).trim(), part.slice(colon + 1).trim());
  }
  return found;
}

/** `light-dark(a, b)`'s two colours, or [value, value] for a colour that is the same in both. */
function lightDark(value: string): [string, string] {
  const match = /^light-dark\((.*)\)$/s.exec(value);
  if (!match) return [value, value];
  const inner = match[1] ?? "";
  // The comma between the two, not one inside rgb(…).
  let depth = 0;
  const commas: number[] = [];
  for (const [at, c] of [...inner].entries()) {
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) commas.push(at);
  }
  const [comma] = commas;
  if (commas.length !== 1 || comma === undefined) throw new Error(`${value} is not light-dark(light, dark)`);
  return [inner.slice(0, comma).trim(), inner.slice(comma + 1).trim()];
}

/** The palette's colours (the custom properties), each as [light, dark]. */
function palette(decls: Map<string, string>): Map<string, [string, string]> {
  return new Map(
    [...decls].filter(([name]) => name.startsWith("--")).map(([name, value]) => [name, lightDark(value)]),
  );
}

const rootRule = block(":root");
const pairs = palette(declarations(rootRule.body));
const light = new Map([...pairs].map(([name, [colour]]) => [name, colour]));
const dark = new Map([...pairs].map(([name, [, colour]]) => [name, colour]));
const palettes = { light, dark } as const;

function channel(hex: string, at: number): number {
  const c = Number.parseInt(hex.slice(at, at + 2), 16) / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function luminance(colour: string): number {
  let hex = colour.replace("#", "");
  if (hex.length === 3) hex = [...hex].map((c) => c + c).join("");
  if (!/^[0-9a-f]{6}$/i.test(hex)) throw new Error(`${colour} is not a #rrggbb colour`);
  return 0.2126 * channel(hex, 0) + 0.7152 * channel(hex, 2) + 0.0722 * channel(hex, 4);
}

/** WCAG's contrast ratio of two colours, 1 to 21. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const TEXT = 4.5;
const NON_TEXT = 3;

/** [foreground, background, minimum, where the screens use it]. */
const PAIRS: [string, string, number, string][] = [
  ["--ink", "--bg", TEXT, "words on the page"],
  ["--ink", "--card", TEXT, "words on a card, a table, a dialog"],
  ["--muted", "--bg", TEXT, "secondary words on the page"],
  ["--muted", "--card", TEXT, "secondary words, table headings"],
  ["--muted", "--neutral-bg", TEXT, "Staged and Skipped badges"],
  ["--accent", "--card", TEXT, "links and link buttons"],
  ["--accent", "--bg", TEXT, "links on the page"],
  ["--accent-ink", "--accent", TEXT, "the organization banner, main buttons"],
  ["--practice", "--practice-bg", TEXT, "the practice banner"],
  ["--practice", "--card", TEXT, "what a choice does in the practice organization"],
  ["--practice", "--bg", TEXT, "the practice tag on the page"],
  ["--ink", "--practice-bg", TEXT, "notices on the connect screen"],
  ["--danger", "--danger-bg", TEXT, "error notes, Suspended badges"],
  ["--danger", "--card", TEXT, "danger buttons, problems in a table"],
  ["--danger", "--bg", TEXT, "problems under a field"],
  ["--ink", "--danger-bg", TEXT, "the delete warning"],
  ["--warning", "--card", TEXT, "warnings in a form or the preview"],
  ["--warning", "--bg", TEXT, "warnings on the page"],
  ["--warning-ink", "--warning-bg", TEXT, "warning badges"],
  ["--warning-ink", "--card", TEXT, "a row's warning word"],
  ["--warning-ink", "--bg", TEXT, "a file's warnings"],
  ["--ink", "--warning-bg", TEXT, "the billing notice"],
  ["--success", "--success-bg", TEXT, "Active, Ready and Done badges"],
  ["--success", "--card", TEXT, "a row's Ready word, Create"],
  ["--success", "--bg", TEXT, "Saved notes"],
  ["--ink", "--hover", TEXT, "a menu item under the pointer"],
  ["--muted", "--hover", TEXT, "a menu item's description"],
  ["--ink", "--row-hover", TEXT, "a row under the pointer"],
  ["--muted", "--row-hover", TEXT, "secondary words in that row"],
  ["--ink", "--row-picked", TEXT, "a picked row"],
  ["--muted", "--row-picked", TEXT, "secondary words in a picked row"],
  ["--add-ink", "--add", TEXT, "the + Add people button"],
  ["--add-ink", "--add-hover", TEXT, "the + Add people button under the pointer"],
  ["--focus", "--bg", NON_TEXT, "focus ring on the page"],
  ["--focus", "--card", NON_TEXT, "focus ring on a card"],
  ["--focus", "--practice-bg", NON_TEXT, "focus ring on the practice banner"],
  ["--focus", "--danger-bg", NON_TEXT, "focus ring in an error note"],
  ["--focus", "--hover", NON_TEXT, "focus ring of a menu item"],
  ["--focus", "--row-picked", NON_TEXT, "focus ring of a picked row"],
  ["--accent-ink", "--accent", NON_TEXT, "focus ring on the blue banner"],
  ["--control-line", "--card", NON_TEXT, "the edge of a field or button on a card"],
  ["--control-line", "--bg", NON_TEXT, "the edge of a field or button on the page"],
  ["--control-line", "--danger-bg", NON_TEXT, "the Try again button's edge in an error note"],
  ["--add", "--bg", NON_TEXT, "the + Add people button on the page"],
  ["--add", "--card", NON_TEXT, "the + Add people button on a card"],
  ["--accent", "--card", NON_TEXT, "the current section's underline"],
  ["--warning", "--card", NON_TEXT, "the ring of a cell with a warning"],
  ["--danger", "--card", NON_TEXT, "the ring of a cell with an error"],
];

describe("the palettes", () => {
  it("are written once, as light-dark() pairs: no other rule names a colour", () => {
    expect(pairs.size).toBeGreaterThan(20);
    const elsewhere = source.slice(0, rootRule.start) + source.slice(rootRule.end);
    expect(elsewhere.match(/--[\w-]+\s*:/g)).toBeNull();
  });

  it("name the same colours in light and dark", () => {
    expect([...dark.keys()].sort()).toEqual([...light.keys()].sort());
    for (const [name, [a, b]] of pairs) {
      expect(a, `${name}'s light colour`).not.toBe("");
      expect(b, `${name}'s dark colour`).not.toBe("");
    }
  });

  it("follow the computer unless Settings chose one, and native controls follow them too", () => {
    expect(declarations(rootRule.body).get("color-scheme")).toBe("light dark");
    expect(declarations(block(':root[data-theme="light"]').body).get("color-scheme")).toBe("light");
    expect(declarations(block(':root[data-theme="dark"]').body).get("color-scheme")).toBe("dark");
  });

  for (const [name, colours] of Object.entries(palettes)) {
    describe(`${name}`, () => {
      it.each(PAIRS)("%s on %s is %d:1 or more (%s)", (fg, bg, minimum) => {
        const a = colours.get(fg);
        const b = colours.get(bg);
        expect(a, `${fg} in the ${name} palette`).toBeDefined();
        expect(b, `${bg} in the ${name} palette`).toBeDefined();
        const ratio = contrast(a ?? "", b ?? "");
        expect(Number(ratio.toFixed(2)), `${fg} ${a} on ${bg} ${b}`).toBeGreaterThanOrEqual(minimum);
      });
    });
  }
});

describe("colours outside the palettes", () => {
  const HEX = /#[0-9a-f]{3,8}\b/gi;

  it("are not written in app.css's rules: they use the palette's names", () => {
    const rules = source.slice(0, rootRule.start) + source.slice(rootRule.end);
    expect(rules.match(HEX)).toBeNull();
  });

  it("are not written in the components' styles", () => {
    expect(Object.keys(components).length).toBeGreaterThan(10);
    for (const [file, text] of Object.entries(components)) {
      const styles = text.match(/<style[\s\S]*?<\/style>/g)?.join("\n") ?? "";
      expect(styles.match(HEX), file).toBeNull();
    }
  });
});

describe("less motion", () => {
  it("turns off animations, transitions and smooth scrolling when the computer asks", () => {
    const at = source.indexOf("@media (prefers-reduced-motion: reduce)");
    expect(at).toBeGreaterThanOrEqual(0);
    const rule = source.slice(at, source.indexOf("}", at));
    expect(rule).toMatch(/animation-duration: 0\.01ms !important/);
    expect(rule).toMatch(/transition-duration: 0\.01ms !important/);
    expect(rule).toMatch(/scroll-behavior: auto !important/);
  });
});
