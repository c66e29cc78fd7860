// What every staff page shares: the API helper. The page is opened after the one staff login (/staff/login):
// its calls carry the session cookie, and the session's CSRF token (from <meta name="csrf-token">, put in by the
// staff frame) in X-CSRF-Token, which the API requires on every unsafe method. Each page defines start() and has
// #app; the header (who is logged in, navigation, logout) is the staff frame's.
const API = "/api/v1";
const $ = (id) => document.getElementById(id);
const esc = (text) => String(text ?? "").replace(/[&<>"']/g, (c) => ({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;","'":"&#39;"}[c]));
// The page's words in the officer's language (WORDS and LANG are written into the page by portal.staff from
// portal/staff_script_words.py): t("err_server", { status: 502 }) -> "The server answered 502; ..." or in Hindi.
const t = (key, values = {}) => {
  const text = (typeof WORDS !== "undefined" && WORDS[key]) || key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
};
const HINDI = typeof LANG !== "undefined" && LANG === "hi";
const csrfToken = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

async function api(path, options = {}) {
  const headers = { ...(options.headers || {}), "X-CSRF-Token": csrfToken() };
  if (options.body && typeof options.body === "string") headers["Content-Type"] = "application/json";
  const response = await fetch(API + path, { ...options, headers, credentials: "same-origin" });
  if (response.status === 401) { showLogin(); throw new Error("expired"); }
  if (response.status === 204) return null;
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw Object.assign(new Error(body.message || t("err_server", { status: response.status })), { status: response.status });
  return body;
}

// The session has ended (expired, or logged out in another tab): back to the one login, then to this page.
function showLogin() {
  location.href = "/staff/login?next=" + encodeURIComponent(location.pathname + location.search);
}

// A problem that stops the page (shown above it, in the words the server sent).
function pageProblem(message) {
  const box = document.createElement("p");
  box.className = "error"; box.setAttribute("role", "alert"); box.textContent = message;
  document.querySelector("main").prepend(box);
}

// How values are shown (the rules of records/display.py): times stored in UTC are shown in India Standard Time
// with the label "IST"; coded values (statuses, kinds, roles) by their names from /api/v1/labels, never as codes.
const IST_FORMAT = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Kolkata", day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
function ist(iso) {
  if (!iso) return "";
  const part = Object.fromEntries(IST_FORMAT.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${part.day}-${part.month}-${part.year} ${part.hour}:${part.minute} ${t("ist")}`;
}
const istDate = (iso) => (iso ? ist(iso).slice(0, 10) : "");  // the IST day of a moment
const day = (isoDate) => (isoDate ? `${isoDate.slice(8, 10)}-${isoDate.slice(5, 7)}-${isoDate.slice(0, 4)}` : "");  // a date
let LABELS = {};
const labelsReady = fetch(API + "/labels").then((r) => r.json()).then((body) => { LABELS = body; }).catch(() => null);
const named = (kind, code) => (LABELS[kind] && LABELS[kind][code] ? LABELS[kind][code][HINDI ? "hi" : "en"] : String(code ?? "").replace(/_/g, " "));
// An FIR as officers name it ("Hajipur Sadar PS 12/2026"), from a person's cases, instead of its database id.
function firName(person, firId) {
  const fir = (person.firs || []).find((f) => f.fir_id === firId);
  if (!fir) return t("not_readable");
  return HINDI ? `${t("ps")} ${fir.station} ${fir.number}` : `${fir.station} ${t("ps")} ${fir.number}`;
}
