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
