// Copies the Frontend JavaScript and our own icons into app/static.
// Deliberately does not copy assets/fonts (GDS Transport) or the GOV.UK crest.
import { cpSync, mkdirSync } from "node:fs";

const out = new URL("../static/", import.meta.url);
mkdirSync(new URL("js/", out), { recursive: true });
mkdirSync(new URL("images/", out), { recursive: true });
cpSync(
  new URL("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", import.meta.url),
  new URL("js/govuk-frontend.min.js", out),
);
// The respondent's pages load only the Exit this page component, not the whole bundle.
cpSync(
  new URL("node_modules/govuk-frontend/dist/govuk/components/exit-this-page/exit-this-page.bundle.mjs", import.meta.url),
  new URL("js/govuk-exit-this-page.mjs", out),
);
cpSync(new URL("images/", import.meta.url), new URL("images/", out), { recursive: true });
cpSync(new URL("js/", import.meta.url), new URL("js/", out), { recursive: true });
