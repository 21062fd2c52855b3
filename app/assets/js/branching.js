// Branching on an audit form's page (and an administrator's preview of it): a question
// that is asked only when an earlier answer on the same page is one of a set.
//
// Without JavaScript every such question is shown, with a hint saying when to answer it
// ("Answer this only if 'Is there a plan?' is Yes"), and the server ignores and clears
// answers to questions that turn out not to be asked. With it, the question appears and
// disappears as that answer changes. Its inputs stay in the form (hidden), so an answer
// typed before is still there if the condition comes true again; the server decides.
//
// Markup (templates/audits/form/_question.html):
//   <div data-show-when-name="answer-plan-type" data-show-when-answers="yes partly">

const dependants = Array.from(document.querySelectorAll("[data-show-when-name]"));

if (dependants.length) {
  const form = dependants[0].closest("form");
  update();
  (form || document).addEventListener("change", update);
}

// The answers chosen for a question, unless the question is itself hidden.
function chosen(name) {
  const inputs = Array.from(document.getElementsByName(name));
  if (!inputs.length) return [];
  if (inputs[0].closest("[hidden]")) return [];
  return inputs.filter((input) => input.checked).map((input) => input.value);
}

// In page order, so a question depending on a hidden question is hidden too.
function update() {
  for (const block of dependants) {
    const wanted = block.dataset.showWhenAnswers.split(" ");
    const met = chosen(block.dataset.showWhenName).some((value) => wanted.includes(value));
    block.hidden = !met;
  }
}
