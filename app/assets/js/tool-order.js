// Drag to reorder on the audit tool editor's draft page: a progressive enhancement of the
// Move up / Move down buttons, which work without JavaScript. A drop sends the whole order
// (sections, and each section's questions) to the server, which saves it like any change.
const root = document.querySelector("[data-module='app-tool-order']");

function orderOf(container) {
  const sections = [...container.querySelectorAll("[data-section]")].map((s) => s.dataset.section);
  const questions = {};
  for (const section of container.querySelectorAll("[data-section]")) {
    questions[section.dataset.section] = [...section.querySelectorAll("[data-question]")].map((q) => q.dataset.question);
  }
  return { sections, questions };
}

async function save(container) {
  const body = new URLSearchParams();
  body.set("csrf_token", document.querySelector("input[name='csrf_token']").value);
  body.set("based_on", container.dataset.basedOn);
  body.set("order", JSON.stringify(orderOf(container)));
  // Not following the redirect leaves its message (saved, or why not) for the reload to show.
  await fetch(container.dataset.orderUrl, { method: "POST", body, credentials: "same-origin", redirect: "manual" });
  window.location.reload();
}

function enable(container) {
  let dragged = null;
  for (const item of container.querySelectorAll("[data-question], [data-section]")) {
    item.setAttribute("draggable", "true");
    item.classList.add("app-draggable");
    item.addEventListener("dragstart", (event) => {
      dragged = item;
      event.stopPropagation();
      event.dataTransfer.effectAllowed = "move";
    });
    item.addEventListener("dragover", (event) => {
      if (!dragged || dragged === item || ("section" in dragged.dataset) !== ("section" in item.dataset)) return;
      event.preventDefault();
      event.stopPropagation();
    });
    item.addEventListener("drop", (event) => {
      if (!dragged || dragged === item || ("section" in dragged.dataset) !== ("section" in item.dataset)) return;
      event.preventDefault();
      event.stopPropagation();
      const after = event.clientY > item.getBoundingClientRect().top + item.offsetHeight / 2;
      item.parentNode.insertBefore(dragged, after ? item.nextSibling : item);
      dragged = null;
      save(container);
    });
  }
}

if (root) enable(root);
