import "./app.css";
import { mount } from "svelte";
import App from "./App.svelte";
import { applySavedAppearance } from "./lib/appearance";
import { withoutBrowserMenu } from "./lib/desktop";

const target = document.getElementById("app");
if (!target) throw new Error("Roster's page is missing its #app element.");

// Light or dark as chosen in Settings (or as the computer is set), before the first screen shows.
applySavedAppearance();
// In the built app, right-click shows the browser's menu only in fields that take typing.
withoutBrowserMenu(window, import.meta.env.PROD);

export default mount(App, { target });
