// cabletrail workspace: small enhancements; every page reads without this script.
"use strict";

// Document view: a click on a marked passage shows what was read there.
function showDetail(mark) {
  const panel = document.getElementById("detail");
  if (!panel) return;
  panel.replaceChildren();
  const heading = document.createElement("h3");
  heading.textContent = "“" + mark.textContent.slice(0, 80) + "”";
  panel.appendChild(heading);
  const list = document.createElement("ul");
  for (const line of (mark.getAttribute("title") || "").split("\n")) {
    const item = document.createElement("li");
    item.textContent = line;
    list.appendChild(item);
  }
  panel.appendChild(list);
  for (const id of (mark.dataset.facts || "").split(" ")) {
    const fact = document.getElementById("fact-" + id);
    if (fact) {
      const link = document.createElement("a");
      link.href = "#fact-" + id;
      link.textContent = "→ " + id;
      panel.appendChild(link);
      panel.appendChild(document.createTextNode(" "));
    }
  }
  panel.hidden = false;
  document.querySelectorAll("mark.selected").forEach((m) => m.classList.remove("selected"));
  mark.classList.add("selected");
}

// Timeline: ticking a type shows only the events of the ticked types at once; "Show"
// asks the server for the filtered timeline.
function filterTypes() {
  const boxes = Array.from(document.querySelectorAll(".types input[type=checkbox]"));
  const chosen = new Set(boxes.filter((b) => b.checked).map((b) => b.value));
  let shown = 0;
  document.querySelectorAll("#timeline li.event").forEach((li) => {
    const keep = chosen.size === 0 || chosen.has(li.dataset.type);
    li.hidden = !keep;
    if (keep) shown += 1;
  });
  const status = document.getElementById("type-filter-status");
  if (status) status.textContent = chosen.size ? shown + " shown on this page." : "";
}

// Upload job: poll its progress until it ends.
function pollJob(box) {
  const set = (id, text) => {
    const el = document.getElementById(id);
    if (el) el.textContent = text;
  };
  fetch("/api/upload/jobs/" + encodeURIComponent(box.dataset.job), { credentials: "same-origin" })
    .then((r) => r.json())
    .then((data) => {
      const j = data.job;
      set("job-state", j.state);
      set("job-error", j.error || "");
      const files = document.getElementById("job-files");
      if (files) { files.max = j.total || 1; files.value = j.done; }
      set("job-files-text", j.done + " of " + j.total + " file(s): " + j.ok + " ok, " +
        j.duplicate + " duplicate, " + j.failed + " failed; " + j.documents_added +
        " document(s) added");
      const docs = document.getElementById("job-docs");
      if (docs) { docs.max = j.analyse_total || 1; docs.value = j.analysed; }
      set("job-docs-text", j.analysed + " of " + j.analyse_total + " document(s)");
      const list = document.getElementById("job-failures");
      if (list) {
        list.replaceChildren(...j.failures.map((f) => {
          const li = document.createElement("li");
          li.textContent = f.file + ": " + f.reason;
          return li;
        }));
      }
      if (j.running) {
        setTimeout(() => pollJob(box), 500);
      } else {
        box.dataset.running = "no";
        const next = document.getElementById("job-next");
        if (next) next.hidden = false;
      }
    });
}

document.addEventListener("DOMContentLoaded", () => {
  const job = document.getElementById("job");
  if (job && job.dataset.running === "yes") pollJob(job);
  const text = document.getElementById("text");
  if (text) {
    text.addEventListener("click", (event) => {
      const mark = event.target.closest("mark");
      if (mark) showDetail(mark);
    });
  }
  if (document.getElementById("timeline")) {
    document.querySelectorAll(".types input[type=checkbox]").forEach((box) => {
      box.addEventListener("change", filterTypes);
    });
  }
  const cited = document.getElementById("cited");
  if (cited) cited.scrollIntoView({ block: "center" });
});
