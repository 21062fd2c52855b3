// The respondent's pages, enhanced. Everything works without this script.
//
// - "Exit this page" (GOV.UK Frontend's component, also three presses of Shift) leaves
//   with location.replace, so Back from the neutral site does not return here, and
//   deletes the answers kept on this phone.
// - Answers are kept in localStorage as they are given, under an opaque name (never the
//   code or the link), with the time they were kept, until the server confirms it has
//   them (the thank-you or "already used" page forgets them). Kept answers older than 24
//   hours are deleted on any respondent page. "Clear my answers from this phone" deletes
//   them at once. If the page is opened again with nothing filled in, the answers kept
//   are offered back, with the form's submission key, so sending them again cannot count twice.
// - A second tap on "Send my answers" while the first is on its way is ignored (the
//   server stores a double submit once anyway).
// - On an error, the error summary takes the focus.
// - The invite card's Print button prints the page (the print styles leave just the card).

const PREFIX = "feedback-";
const KEEP_FOR_MS = 24 * 60 * 60 * 1000;

const store = storage();
dropExpired();
quickExit();

const form = document.getElementById("respondent-form");
if (form) enhance(form);

const done = document.getElementById("respondent-done");
if (done && done.dataset.forget) forget(done.dataset.forget);

const summary = document.getElementById("error-summary");
if (summary) summary.focus();

// The invite card's Print button: hidden until this script can make it work.
for (const button of document.querySelectorAll('[data-module="app-print"]')) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null; // storage blocked: the form still works
  }
}

function ourKeys() {
  if (!store) return [];
  const keys = [];
  for (let i = 0; i < store.length; i += 1) {
    const key = store.key(i);
    if (key && key.startsWith(PREFIX)) keys.push(key);
  }
  return keys;
}

function forget(key) {
  if (store) store.removeItem(key);
}

function forgetAll() {
  ourKeys().forEach(forget);
}

// Kept answers without a time (kept before times were kept) count as expired.
function dropExpired() {
  const now = Date.now();
  for (const key of ourKeys()) {
    let at = 0;
    try {
      at = JSON.parse(store.getItem(key)).at || 0;
    } catch {
      // unreadable: drop it
    }
    if (!(now - at < KEEP_FOR_MS)) forget(key);
  }
}

function quickExit() {
  const root = document.querySelector('[data-module="govuk-exit-this-page"]');
  if (!root) return;
  let component = null;
  const goNow = (href) => {
    forgetAll();
    window.location.replace(href); // not href =: Back from the neutral site must not come here
  };
  // Leaving must work even before, or without, the component (a poor signal): these
  // listeners replace the component's own click handler.
  const leave = (event) => {
    event.preventDefault();
    if (component) {
      component.exitPage();
    } else {
      document.body.classList.add("govuk-exit-this-page-hide-content");
      goNow(event.currentTarget.href);
    }
  };
  for (const link of document.querySelectorAll(".govuk-exit-this-page__button, .govuk-js-exit-this-page-skiplink")) {
    link.addEventListener("click", leave);
  }
  window.addEventListener("pageshow", () => document.body.classList.remove("govuk-exit-this-page-hide-content"));
  document.body.classList.add("govuk-frontend-supported");
  import("./govuk-exit-this-page.mjs")
    .then(({ ExitThisPage }) => {
      // The component as it is (its look, Shift pressed 3 times, what screen readers hear),
      // leaving with location.replace.
      class ReplacingExit extends ExitThisPage {
        initButtonClickHandler() {} // `leave` above handles clicks

        exitPage() {
          if (!this.$updateSpan) return;
          this.$updateSpan.textContent = "";
          document.body.classList.add("govuk-exit-this-page-hide-content");
          this.$overlay = document.createElement("div");
          this.$overlay.className = "govuk-exit-this-page-overlay";
          this.$overlay.setAttribute("role", "alert");
          document.body.appendChild(this.$overlay);
          this.$overlay.textContent = this.i18n.t("activated");
          goNow(this.$button.href);
        }
      }
      component = new ReplacingExit(root);
    })
    .catch(() => {}); // the button and the skip link still work
}

function enhance(form) {
  const key = form.dataset.storeKey;
  const submissionInput = form.elements.namedItem("submission");
  let sending = false;

  function snapshot() {
    const values = {};
    for (const el of form.elements) {
      if (!el.name || el.name === "csrf_token" || el.name === "submission") continue;
      if (el.type === "radio") {
        if (el.checked) values[el.name] = el.value;
      } else if (el.tagName === "TEXTAREA" || el.type === "text") {
        if (el.value.trim()) values[el.name] = el.value;
      }
    }
    return values;
  }

  function apply(values) {
    for (const el of form.elements) {
      if (!el.name || !(el.name in values)) continue;
      if (el.type === "radio") el.checked = el.value === values[el.name];
      else if (el.tagName === "TEXTAREA" || el.type === "text") el.value = values[el.name];
    }
  }

  function save() {
    if (!store) return;
    const values = snapshot();
    try {
      if (Object.keys(values).length) {
        store.setItem(key, JSON.stringify({ values, submission: submissionInput.value, at: Date.now() }));
      } else {
        store.removeItem(key);
      }
    } catch {
      // storage full or refused: nothing to do
    }
  }

  function kept() {
    if (!store) return null;
    try {
      const entry = JSON.parse(store.getItem(key) || "null");
      return entry && entry.values && Object.keys(entry.values).length ? entry : null;
    } catch {
      return null;
    }
  }

  const note = document.getElementById("device-note");
  if (store && note) {
    note.hidden = false;
    const cleared = document.getElementById("cleared");
    document.getElementById("clear-answers").addEventListener("click", () => {
      forgetAll();
      for (const el of form.elements) {
        if (el.type === "radio") el.checked = false;
        else if (el.tagName === "TEXTAREA" || el.type === "text") el.value = "";
      }
      const box = document.getElementById("kept-answers");
      if (box) box.remove();
      cleared.textContent = "Done: your answers are cleared from this phone.";
    });
  }

  const entry = kept();
  if (entry && !Object.keys(snapshot()).length) offer(entry);
  else save(); // the server re-showed the answers (an error): keep them here too

  form.addEventListener("change", save);
  form.addEventListener("input", save);
  form.addEventListener("submit", (event) => {
    if (sending) {
      event.preventDefault();
      return;
    }
    sending = true;
    save();
    // If the network fails, let them try again after a moment.
    window.setTimeout(() => {
      sending = false;
    }, 4000);
  });

  function offer(entry) {
    const box = document.createElement("div");
    box.className = "govuk-inset-text";
    box.id = "kept-answers";
    const text = document.createElement("p");
    text.className = "govuk-body";
    text.textContent = "You started answering this before on this phone. Your answers were not sent yet.";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "govuk-button govuk-button--secondary";
    button.textContent = "Put my answers back";
    button.addEventListener("click", () => {
      apply(entry.values);
      if (entry.submission) submissionInput.value = entry.submission;
      save();
      box.remove();
      form.querySelector("input:not([type=hidden]), textarea").focus();
    });
    box.append(text, button);
    form.before(box);
  }
}
