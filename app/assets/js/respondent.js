// The respondent's pages, enhanced. Everything works without this script.
//
// - "Exit this page" (GOV.UK Frontend's component, also three presses of Shift) leaves
//   with location.replace, so Back from the neutral site does not return here.
// - Answers in progress are kept on the server (against a random token in the page), not
//   on the phone. Copies kept on the phone by earlier versions of this script are deleted.
// - "Listen" reads a question and its answers aloud with the browser's own speech
//   synthesis (nothing is sent anywhere); shown only where the browser has it.
// - A second tap on a button while the page is on its way is ignored (the server stores a
//   double send once anyway).
// - On an error, the error summary takes the focus.
// - The invite card's Print button prints the page (the print styles leave just the card).
// - A question that hangs on an answer on the same page (`data-show-when`) is shown only
//   while that answer is chosen; without this script it is shown with a line saying when
//   to answer it, and the server ignores it if the answer is not chosen.

const PREFIX = "feedback-";

const store = storage();
quickExit();

const form = document.getElementById("respondent-form");
if (form) {
  oneTapAtATime(form);
  listen(form);
  branching(form);
}

forgetAll(); // answers are no longer kept on the phone

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

function oneTapAtATime(form) {
  let sending = false;
  form.addEventListener("submit", (event) => {
    if (sending) {
      event.preventDefault();
      return;
    }
    sending = true;
    // If the network fails, let them try again after a moment.
    window.setTimeout(() => {
      sending = false;
    }, 4000);
  });
}

function branching(form) {
  const groups = [...form.querySelectorAll("[data-show-when]")];
  if (!groups.length) return;
  const update = () => {
    for (const group of groups) {
      const wanted = group.dataset.answerIn.split(" ");
      const controller = group.dataset.showWhen;
      const chosen = [...form.elements].filter((el) => el.name === controller && el.checked).map((el) => el.value);
      // A question whose own controller is hidden is hidden too.
      const controllerGroup = form.elements[controller]?.length
        ? form.elements[controller][0].closest(".govuk-form-group")
        : form.elements[controller]?.closest(".govuk-form-group");
      const controllerShown = !controllerGroup || !controllerGroup.hidden;
      group.hidden = !(controllerShown && chosen.some((value) => wanted.includes(value)));
      const line = group.querySelector(".app-r-only-if");
      if (line) line.hidden = true; // the page now shows and hides it: the line is not needed
    }
  };
  form.addEventListener("change", update);
  update();
}

// "Listen": the question (a legend or a label) and, for a choice, each answer's words.
function listen(form) {
  const speech = window.speechSynthesis;
  if (!speech || typeof window.SpeechSynthesisUtterance !== "function") return;
  for (const button of form.querySelectorAll("[data-listen]")) {
    const group = button.closest(".govuk-form-group");
    const question = group.querySelector("legend, label");
    const answers = [...group.querySelectorAll(".govuk-radios__label, .govuk-checkboxes__label")].map((label) => label.textContent.trim());
    const words = [question.textContent.trim(), ...answers].join(". ");
    button.hidden = false;
    button.addEventListener("click", () => {
      speech.cancel(); // a second press starts again, never two voices at once
      const utterance = new window.SpeechSynthesisUtterance(words);
      utterance.lang = document.documentElement.lang || "en-GB";
      utterance.rate = 0.9;
      speech.speak(utterance);
    });
  }
}
