// The Sandbox CRM: a single-page app (client-side navigation with history.pushState, like the real
// CRMs). Stage changes are kept in localStorage so a reload shows them.
import { LEADS } from "./data.js";
import { renderList, renderRecord } from "./render.js";

const STORE = "sandbox-crm:stages";
const saved = () => JSON.parse(localStorage.getItem(STORE) ?? "{}");
const leads = () => LEADS.map((l) => ({ ...l, stage: saved()[l.id] ?? l.stage }));

const app = document.getElementById("app");
const toast = document.getElementById("toast");

function setStage(id, stage) {
  localStorage.setItem(STORE, JSON.stringify({ ...saved(), [id]: stage }));
  const pill = app.querySelector('[data-testid="stage-pill"]');
  if (pill) {
    pill.textContent = stage;
    pill.className = `stage stage-${stage.toLowerCase().replace(/[^a-z]+/g, "-")}`;
  }
  toast.textContent = `Stage updated to ${stage}`;
  toast.hidden = false;
  setTimeout(() => (toast.hidden = true), 2500);
}

function route() {
  const all = leads();
  const m = /^\/leads\/([^/]+)\/?$/.exec(location.pathname);
  const lead = m && all.find((l) => l.id === decodeURIComponent(m[1]));
  if (lead) {
    const next = all[(all.indexOf(lead) + 1) % all.length];
    app.replaceChildren(renderRecord(document, lead, { next, onStage: (s) => setStage(lead.id, s) }));
    document.title = `${lead.name} · Sandbox CRM`;
  } else if (m) {
    app.replaceChildren(Object.assign(document.createElement("p"), { textContent: "This record does not exist." }));
    document.title = "Not found · Sandbox CRM";
  } else {
    app.replaceChildren(renderList(document, all));
    document.title = "Leads · Sandbox CRM";
  }
}

document.addEventListener("click", (e) => {
  const a = e.target instanceof Element ? e.target.closest("a[data-link]") : null;
  if (!a || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  if (a.getAttribute("href") !== location.pathname) history.pushState({}, "", a.getAttribute("href"));
  route();
});
window.addEventListener("popstate", route);
route();
