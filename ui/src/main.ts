import "./app.css";
import { mount } from "svelte";
import App from "./App.svelte";

const target = document.getElementById("app");
if (!target) throw new Error("Roster's page is missing its #app element.");

// The built app is not a browser: no Back/Reload/Inspect menu on right-click.
if (import.meta.env.PROD) {
  window.addEventListener("contextmenu", (event) => event.preventDefault());
}

export default mount(App, { target });
