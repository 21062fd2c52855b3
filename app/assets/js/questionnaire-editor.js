// Dragging statements and questions into a new order on the questionnaire editor's page.
// An extra only: the Move up and Move down buttons work without JavaScript and by keyboard.
// On a drop, the new order is sent as an ordinary form (with the page's CSRF token and what
// the page started from), so the server checks and saves it as any other change.

function send(list, keys) {
  const source = document.querySelector('input[name="based_on"]').form;
  const form = document.createElement("form");
  form.method = "post";
  form.action = list.dataset.reorderUrl;
  form.hidden = true;
  const add = (name, value) => {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.appendChild(input);
  };
  for (const name of ["csrf_token", "based_on"]) {
    add(name, source.querySelector(`input[name="${name}"]`).value);
  }
  add("list", list.dataset.reorder);
  keys.forEach((key) => add("order", key));
  document.body.appendChild(form);
  form.submit();
}

function enable(list) {
  let dragged = null;
  if (list.children.length < 2) return;
  const hint = document.createElement("p");
  hint.className = "govuk-body-s";
  hint.textContent = "You can also drag them into a new order with a mouse.";
  list.before(hint);
  const items = () => [...list.querySelectorAll(":scope > .app-editor-item")];
  items().forEach((item) => {
    item.draggable = true;
    item.addEventListener("dragstart", (event) => {
      dragged = item;
      item.classList.add("app-editor-item--dragging");
      event.dataTransfer.effectAllowed = "move";
    });
    item.addEventListener("dragend", () => item.classList.remove("app-editor-item--dragging"));
    item.addEventListener("dragover", (event) => {
      if (!dragged || dragged === item) return;
      event.preventDefault();
      const box = item.getBoundingClientRect();
      const after = event.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, after ? item.nextSibling : item);
    });
  });
  // Over the list (the dragged item itself included) a drop is allowed.
  list.addEventListener("dragover", (event) => {
    if (dragged) event.preventDefault();
  });
  list.addEventListener("drop", (event) => {
    event.preventDefault();
    if (dragged) send(list, items().map((item) => item.dataset.key));
  });
}

document.querySelectorAll("[data-reorder]").forEach(enable);
