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

document.addEventListener("DOMContentLoaded", () => {
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
