// The FIR registration form's enhancements (served at /station/fir-form.js): rows added in place, the sections
// picker (a combobox over GET /api/v1/sections/search), property fields by kind, and a draft kept in this
// browser's localStorage until the FIR is registered. Without this script the form still works: the server
// adds rows and reads "BNS 303(2)" typed by hand.
(function () {
  "use strict";
  const form = document.getElementById("fir-form");
  if (!form) return;
  document.documentElement.classList.add("js");
  const draftKey = "cctns.fir-draft." + (form.dataset.user || "");
  const words = form.dataset;

  // ------------------------------------------------------------------ rows added in place
  function nextIndex(group) {
    const rows = form.querySelectorAll(`[data-rows="${group}"] > [data-group="${group}"]`);
    let most = -1;
    rows.forEach((row) => { most = Math.max(most, Number(row.dataset.index)); });
    return most + 1;
  }

  function addRow(group, focus) {
    const template = document.getElementById("row-" + group);
    const index = nextIndex(group);
    const html = template.innerHTML.replaceAll("__n__", String(index)).replaceAll("__m__", String(index + 1));
    const holder = document.createElement("div");
    holder.innerHTML = html.trim();
    const row = holder.firstElementChild;
    form.querySelector(`[data-rows="${group}"]`).appendChild(row);
    wireRow(row);
    if (focus) {
      const first = row.querySelector("input, select, textarea");
      if (first) first.focus();
    }
    return row;
  }

  form.querySelectorAll("button[data-add]").forEach((button) => {
    button.addEventListener("click", (event) => {
      event.preventDefault();
      addRow(button.dataset.add, true);
      saveDraft();
    });
  });

  // ------------------------------------------------------------------ property fields by kind
  function showKind(row) {
    const kind = row.querySelector("select[name$='.kind']");
    if (!kind) return;
    row.classList.toggle("is-vehicle", kind.value === "vehicle");
    row.classList.toggle("is-phone", kind.value === "mobile_phone");
  }

  // ------------------------------------------------------------------ sections picker (ARIA combobox)
  const occurrenceDay = () => {
    const from = form.elements["occurrence_from"].value || form.elements["info_received_at"].value;
    return from ? from.slice(0, 10) : "";
  };

  function wirePicker(box) {
    const input = box.querySelector("input[role=combobox]");
    const list = box.querySelector("ul[role=listbox]");
    let choices = [];
    let active = -1;
    let timer = null;
    let asked = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function mark(index) {
      active = index;
      list.querySelectorAll("li").forEach((li, i) => li.setAttribute("aria-selected", i === index ? "true" : "false"));
      if (index >= 0) {
        const li = list.children[index];
        input.setAttribute("aria-activedescendant", li.id);
        li.scrollIntoView({ block: "nearest" });
      }
    }

    function choose(index) {
      const choice = choices[index];
      if (!choice) return;
      input.value = choice.label;
      close();
      saveDraft();
    }

    function show(found) {
      choices = found;
      list.innerHTML = "";
      if (!found.length) {
        const li = document.createElement("li");
        li.textContent = words.none;
        li.setAttribute("aria-disabled", "true");
        list.appendChild(li);
      }
      found.forEach((choice, i) => {
        const li = document.createElement("li");
        li.id = input.id + "-opt-" + i;
        li.setAttribute("role", "option");
        const title = words.lang === "hi" && choice.title_hi ? choice.title_hi : choice.title_en;
        const strong = document.createElement("strong");
        strong.textContent = choice.label;
        li.appendChild(strong);
        li.appendChild(document.createTextNode(" — " + title + " "));
        if (choice.corresponds_to.length) {
          const small = document.createElement("small");
          const word = choice.act === "IPC" ? words.becomes : words.was;
          small.textContent = "(" + word + " " + choice.corresponds_to.join(", ") + ")";
          li.appendChild(small);
        }
        li.addEventListener("mousedown", (event) => { event.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      mark(found.length ? 0 : -1);
    }

    async function search() {
      const typed = input.value.trim();
      if (!typed) { close(); return; }
      const ask = ++asked;
      const day = occurrenceDay();
      const url = "/api/v1/sections/search?limit=12&q=" + encodeURIComponent(typed) + (day ? "&on=" + day : "");
      try {
        const response = await fetch(url, { headers: { Accept: "application/json" } });
        if (!response.ok || ask !== asked) return;
        show(await response.json());
      } catch (error) { close(); }
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(search, 150);
    });
    input.addEventListener("keydown", (event) => {
      const open = !list.hidden && choices.length > 0;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) { search(); return; }
        mark(Math.min(active + 1, choices.length - 1));
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        mark(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault(); // choose; do not send the form
        choose(active);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 100));
  }

  function wireRow(row) {
    if (row.matches(".combo")) wirePicker(row);
    if (row.dataset.group === "properties") {
      showKind(row);
      const kind = row.querySelector("select[name$='.kind']");
      if (kind) kind.addEventListener("change", () => showKind(row));
    }
  }
  form.querySelectorAll("[data-group]").forEach(wireRow);

  // ------------------------------------------------------------------ the draft
  function fields() {
    const values = {};
    for (const element of form.elements) {
      if (!element.name || element.type === "hidden" || element.type === "submit") continue;
      if (element.value) values[element.name] = element.value;
    }
    return values;
  }

  let discarded = false;
  function saveDraft() {
    if (discarded) return; // leaving after "discard": the fields still hold the draft
    try {
      const values = fields();
      // "now" in the time of information is not something typed: a form differing only there is no draft
      const typed = Object.keys(values).some((name) => name !== "info_received_at" && values[name] !== defaults[name]);
      if (typed) localStorage.setItem(draftKey, JSON.stringify({ saved: Date.now(), values: values }));
      else localStorage.removeItem(draftKey);
    } catch (error) { /* storage full or refused: the form works without a draft */ }
  }

  function restoreDraft() {
    let draft = null;
    try { draft = JSON.parse(localStorage.getItem(draftKey) || "null"); } catch (error) { draft = null; }
    if (!draft || !draft.values) return false;
    for (const [name, value] of Object.entries(draft.values)) {
      const match = /^(sections|accused|victims|properties)\.(\d+)/.exec(name);
      if (match) {
        while (!form.elements[name] && nextIndex(match[1]) <= Number(match[2])) addRow(match[1], false);
      }
      const element = form.elements[name];
      if (element && element.type !== "hidden") element.value = value;
    }
    form.querySelectorAll("[data-group=properties]").forEach(showKind);
    return true;
  }

  const defaults = fields();
  if (form.dataset.saved) {
    try { localStorage.removeItem(draftKey); } catch (error) { /* nothing kept */ }
    const saved = document.getElementById("saved");
    if (saved) saved.focus();
  } else if (form.dataset.problems) {
    const problems = document.getElementById("problems");
    if (problems) problems.focus();
  } else if (restoreDraft()) {
    const note = document.getElementById("draft-note");
    note.hidden = false;
    document.getElementById("discard-draft").addEventListener("click", () => {
      discarded = true;
      try { localStorage.removeItem(draftKey); } catch (error) { /* nothing kept */ }
      window.location.reload();
    });
  }
  let pending = null;
  form.addEventListener("input", () => { clearTimeout(pending); pending = setTimeout(saveDraft, 300); });
  form.addEventListener("change", saveDraft);
  window.addEventListener("pagehide", saveDraft);
  form.addEventListener("submit", (event) => {
    const adding = event.submitter && event.submitter.dataset && event.submitter.dataset.add;
    if (adding) return;
    saveDraft();
    const button = document.getElementById("submit-fir");
    if (form.dataset.sending) { event.preventDefault(); return; } // a second Enter or click sends nothing more
    form.dataset.sending = "1";
    button.textContent = words.saving;
  });
})();
