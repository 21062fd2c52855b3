// The respondent's questionnaire, enhanced. Everything works without this script.
//
// - Answers are kept in localStorage (under the code, or the open link) as they are given,
//   until the server confirms it has them (the thank-you or "already used" page forgets
//   them). If the page is opened again with nothing filled in, the answers kept are offered
//   back, with the form's submission key, so sending them again cannot count twice.
// - A second tap on "Send my answers" while the first is on its way is ignored (the
//   server stores a double submit once anyway).
// - On an error, the error summary takes the focus.

const form = document.getElementById("respondent-form");
if (form) enhance(form);

const done = document.getElementById("respondent-done");
if (done && done.dataset.forget) forget(done.dataset.forget);

const summary = document.getElementById("error-summary");
if (summary) summary.focus();

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null; // storage blocked: the form still works
  }
}

function forget(key) {
  const store = storage();
  if (store) store.removeItem(key);
}

function enhance(form) {
  const key = form.dataset.storeKey;
  const store = storage();
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
        store.setItem(key, JSON.stringify({ values, submission: submissionInput.value }));
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

  if (store) {
    const note = document.getElementById("device-note");
    if (note) note.hidden = false;
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
    text.textContent = "You started answering this before on this phone or computer. Your answers were not sent yet.";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "govuk-button govuk-button--secondary";
    button.textContent = "Put my answers back";
    button.addEventListener("click", () => {
      apply(entry.values);
      if (entry.submission) submissionInput.value = entry.submission;
      save();
      box.remove();
      form.querySelector("input, textarea").focus();
    });
    box.append(text, button);
    form.before(box);
  }
}
