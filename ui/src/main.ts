import "./app.css";
import { mount } from "svelte";
import App from "./App.svelte";
import { withoutBrowserMenu } from "./lib/desktop";

const target = document.getElementById("app");
if (!target) throw new Error("Roster's page is missing its #app element.");

withoutBrowserMenu(window, import.meta.env.PROD);

export default mount(App, { target });
