// The audit form's pages (a section, the collaborative audit), enhanced: save as you go,
// and keep a copy on this device.
//
// Without JavaScript the page's own buttons post its part of the audit ("Save and
// continue", "Save and come back later"). With it:
// - changes are saved a moment after you stop typing (POST to the autosave URL, with the
//   CSRF token in the X-CSRFToken header); "Saved at 14:05" is announced politely;
// - a copy of what you typed is kept in localStorage under the page's key
//   (audit-draft-<audit id>-<part>) until the
//   server has it, so answers typed offline survive the tab closing. When the page opens
//   and the copy holds answers the server does not, they are put back ("restored from
//   this device — save to keep"), or offered if the audit was saved since;
// - a save based on an older version is refused by the server (409): we say who saved it
//   and when, stop saving as you go, and keep your answers on the page and on the device.

const SAVE_DELAY_MS = 1500;
const IGNORED = new Set(["csrf_token", "lock_version", "state", "next"]);

const form = document.getElementById("audit-form");
if (form && form.dataset.autosaveUrl) {
  enhance(form);
}

// On the overview, the check page and the submitted audit: forget the copies on this
// device once the server has them (posted and saved since), or once the audit is submitted.
const saved = document.getElementById("audit-device-copy");
if (saved) {
  forgetSavedCopy(saved.dataset);
}

function forgetSavedCopy({ auditId, lockVersion, submitted }) {
  const prefix = `audit-draft-${auditId}-`;
  try {
    const keys = [];
    for (let i = 0; i < window.localStorage.length; i += 1) {
      const key = window.localStorage.key(i);
      // Copies kept before the form had a page per section used the audit's id alone.
      if (key && (key.startsWith(prefix) || key === `audit-draft-${auditId}`)) keys.push(key);
    }
    for (const key of keys) {
      const entry = JSON.parse(window.localStorage.getItem(key) || "null");
      if (entry && (submitted === "true" || (entry.posted && entry.base < Number(lockVersion)))) {
        window.localStorage.removeItem(key);
      }
    }
  } catch {
    // nothing stored, or storage refused
  }
}

function enhance(form) {
  const url = form.dataset.autosaveUrl;
  const storeKey = form.dataset.storeKey || `audit-draft-${form.dataset.auditId}-form`;
  const status = document.getElementById("autosave-status");
  const localBox = document.getElementById("local-copy");
  const lockInput = form.elements.namedItem("lock_version");
  const csrfInput = form.elements.namedItem("csrf_token");
  const serverLock = Number(lockInput.value);

  let timer = null;
  let inFlight = null;
  let revision = 0;
  let stopped = false; // after a conflict, or once the audit is submitted elsewhere
  let releasing = false;

  // --- What the form holds ------------------------------------------------------------

  function snapshot() {
    const values = {};
    for (const el of form.elements) {
      if (!el.name || IGNORED.has(el.name) || el.type === "submit" || el.type === "button") continue;
      if (el.type === "radio") {
        if (!(el.name in values)) values[el.name] = null;
        if (el.checked) values[el.name] = el.value;
      } else if (el.type === "checkbox") {
        values[el.name] = values[el.name] || [];
        if (el.checked) values[el.name].push(el.value);
      } else {
        // Text inputs and textareas; a date's day, month and year share one name.
        values[el.name] = values[el.name] || [];
        values[el.name].push(el.value);
      }
    }
    return values;
  }

  function apply(values) {
    const seen = {};
    for (const el of form.elements) {
      if (!el.name || IGNORED.has(el.name) || !(el.name in values)) continue;
      const value = values[el.name];
      if (el.type === "radio") {
        el.checked = value !== null && el.value === value;
      } else if (el.type === "checkbox") {
        el.checked = Array.isArray(value) && value.includes(el.value);
      } else if (el.type !== "submit" && el.type !== "button") {
        const index = seen[el.name] || 0;
        seen[el.name] = index + 1;
        if (Array.isArray(value) && index < value.length) el.value = value[index];
      }
    }
  }

  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  // --- The copy on this device --------------------------------------------------------

  function readLocal() {
    try {
      return JSON.parse(window.localStorage.getItem(storeKey) || "null");
    } catch {
      return null;
    }
  }

  function writeLocal(extra = {}) {
    try {
      const entry = { base: Number(lockInput.value), typedAt: Date.now(), values: snapshot(), posted: false, ...extra };
      window.localStorage.setItem(storeKey, JSON.stringify(entry));
    } catch {
      // Storage full or refused: saving to the server still works.
    }
  }

  function removeLocal() {
    try {
      window.localStorage.removeItem(storeKey);
    } catch {
      // nothing to do
    }
  }

  // --- Messages -----------------------------------------------------------------------

  function banner(title, text, { success = false, id = "autosave" } = {}) {
    const box = document.createElement("div");
    box.className = "govuk-notification-banner" + (success ? " govuk-notification-banner--success" : "");
    box.setAttribute("role", "region");
    box.setAttribute("aria-labelledby", `${id}-title`);
    const header = document.createElement("div");
    header.className = "govuk-notification-banner__header";
    const heading = document.createElement("h2");
    heading.className = "govuk-notification-banner__title";
    heading.id = `${id}-title`;
    heading.textContent = title;
    header.append(heading);
    const content = document.createElement("div");
    content.className = "govuk-notification-banner__content";
    const para = document.createElement("p");
    para.className = "govuk-notification-banner__heading";
    para.textContent = text;
    content.append(para);
    box.append(header, content);
    return box;
  }

  function showStatus(title, text, success) {
    status.replaceChildren(banner(title, text, { success }));
  }

  function button(text, classes, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = `govuk-button ${classes}`;
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }

  function timeOf(ms) {
    return new Date(ms).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
  }

  function showRestored(entry) {
    const box = banner(
      "Answers restored from this device",
      `Restored from this device — save to keep. These answers were typed here at ${timeOf(entry.typedAt)} but not saved.`,
      { id: "local-copy" },
    );
    const group = document.createElement("div");
    group.className = "govuk-button-group";
    group.append(
      button("Save these answers", "", () => {
        const save = form.querySelector('button[name="next"][value="save"]');
        form.requestSubmit(save);
      }),
      button("Discard restored answers", "govuk-button--secondary", () => {
        removeLocal();
        window.location.reload();
      }),
    );
    box.querySelector(".govuk-notification-banner__content").append(group);
    localBox.replaceChildren(box);
  }

  function offerRestore(entry) {
    const box = banner(
      "Unsaved answers on this device",
      `This device has answers typed at ${timeOf(entry.typedAt)} that were not saved, and the audit has been saved since. ` +
        "Restore them only if they are the ones you want to keep.",
      { id: "local-copy" },
    );
    const group = document.createElement("div");
    group.className = "govuk-button-group";
    group.append(
      button("Restore them", "", () => {
        apply(entry.values);
        writeLocal({ typedAt: entry.typedAt });
        showRestored(entry);
      }),
      button("Discard them", "govuk-button--secondary", () => {
        removeLocal();
        localBox.replaceChildren();
      }),
    );
    box.querySelector(".govuk-notification-banner__content").append(group);
    localBox.replaceChildren(box);
  }

  // --- Saving as you go ---------------------------------------------------------------

  function headers() {
    return { "X-CSRFToken": csrfInput.value, Accept: "application/json" };
  }

  async function save() {
    clearTimeout(timer);
    timer = null;
    if (stopped) return;
    const sent = revision;
    let response;
    try {
      response = await fetch(url, { method: "POST", body: new FormData(form), headers: headers(), credentials: "same-origin" });
    } catch {
      showStatus("Not saved", "You seem to be offline. Your answers are kept on this device and will be saved when you are back online.", false);
      return;
    }
    let data = {};
    try {
      data = await response.json();
    } catch {
      // not JSON: an error page
    }
    if (response.ok) {
      lockInput.value = String(data.lock_version);
      const problems = (data.problems || []).length;
      const extra = problems
        ? ` ${problems === 1 ? "1 answer needs" : `${problems} answers need`} correcting: kept as you typed.`
        : "";
      showStatus("Saved", `Saved at ${data.saved_at}.${extra}`, true);
      if (revision === sent) removeLocal();
      else writeLocal();
    } else if (response.status === 409) {
      stopped = true;
      const text = data.submitted
        ? "This audit has been submitted, so it can no longer be changed."
        : data.error || "This audit was saved by someone else after you opened it. Your answers are NOT saved.";
      showStatus("Not saved", text, false);
    } else {
      showStatus(
        "Not saved",
        "Your answers could not be saved just now. They are kept on this device: select ‘Save and come back later’ to try again.",
        false,
      );
    }
  }

  function saveSoon() {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      inFlight = save().finally(() => {
        inFlight = null;
      });
    }, SAVE_DELAY_MS);
  }

  function changed() {
    revision += 1;
    writeLocal();
    saveSoon();
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);

  // The form's own buttons post everything: let a save in progress finish first, so the
  // post carries the newest version and is not refused as stale.
  form.addEventListener("submit", (event) => {
    clearTimeout(timer);
    timer = null;
    const entry = readLocal();
    if (entry) {
      entry.posted = true;
      try {
        window.localStorage.setItem(storeKey, JSON.stringify(entry));
      } catch {
        // nothing to do
      }
    }
    if (inFlight && !releasing) {
      event.preventDefault();
      const submitter = event.submitter;
      inFlight.finally(() => {
        releasing = true;
        form.requestSubmit(submitter);
      });
    }
    stopped = true;
  });

  // Closing the tab or leaving with a save still waiting: send it now.
  window.addEventListener("pagehide", () => {
    if (timer === null || stopped) return;
    clearTimeout(timer);
    try {
      fetch(url, { method: "POST", body: new FormData(form), headers: headers(), credentials: "same-origin", keepalive: true });
    } catch {
      // the copy on this device remains
    }
  });

  window.addEventListener("online", () => {
    if (readLocal() && !stopped) saveSoon();
  });

  // --- On opening: anything on this device the server does not have? ------------------

  const entry = readLocal();
  if (entry && entry.values) {
    if (same(entry.values, snapshot())) {
      removeLocal();
    } else if (entry.posted && entry.base < serverLock) {
      removeLocal(); // posted with the form's own buttons, and saved since
    } else if (entry.base === serverLock) {
      apply(entry.values);
      showRestored(entry);
    } else {
      offerRestore(entry);
    }
  }

  const help = document.getElementById("save-help");
  if (help) {
    help.append(" Your answers are also saved as you go.");
  }
}
