// What every staff page shares: the API helper with the officer's bearer token (kept in sessionStorage) and
// the login form. Each page defines start(), run after a login, and has #app, an empty #login form (filled
// here), #logout and #who.
const API = "/api/v1";
const $ = (id) => document.getElementById(id);
const esc = (text) => String(text ?? "").replace(/[&<>"']/g, (c) => ({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;","'":"&#39;"}[c]));
const token = () => sessionStorage.getItem("cctns-token");

// The login form, the same on every staff page: the page has an empty <form id="login" hidden></form>.
$("login").innerHTML = `
    <h2 style="margin-top:0">Log in <span lang="hi">/ लॉग इन</span></h2>
    <label for="username">Username</label><input id="username" autocomplete="username" required>
    <label for="password">Password</label><input id="password" type="password" autocomplete="current-password" required>
    <p><button class="primary" type="submit">Log in</button></p>
    <div id="login-error" class="error" hidden></div>`;

async function api(path, options = {}) {
  const headers = { ...(options.headers || {}), Authorization: "Bearer " + token() };
  if (options.body && typeof options.body === "string") headers["Content-Type"] = "application/json";
  const response = await fetch(API + path, { ...options, headers });
  if (response.status === 401) { sessionStorage.removeItem("cctns-token"); showLogin("Your login has expired: log in again."); throw new Error("expired"); }
  if (response.status === 204) return null;
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.message || `The server answered ${response.status}; try again, or tell the administrator.`);
  return body;
}

function showLogin(message) {
  $("app").hidden = true; $("login").hidden = false; $("logout").hidden = true; $("who").textContent = "";
  $("login-error").hidden = !message; $("login-error").textContent = message || "";
}

$("login").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new URLSearchParams({ username: $("username").value, password: $("password").value });
  const response = await fetch(API + "/auth/token", { method: "POST", body: form });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) { $("login-error").hidden = false; $("login-error").textContent = body.message || "Login failed: check the username and password."; return; }
  sessionStorage.setItem("cctns-token", body.access_token);
  start();
});
$("logout").addEventListener("click", () => { sessionStorage.removeItem("cctns-token"); showLogin(); });

// How values are shown (the rules of records/display.py): times stored in UTC are shown in India Standard Time
// with the label "IST"; coded values (statuses, kinds, roles) by their names from /api/v1/labels, never as codes.
const IST_FORMAT = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Kolkata", day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
function ist(iso) {
  if (!iso) return "";
  const part = Object.fromEntries(IST_FORMAT.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${part.day}-${part.month}-${part.year} ${part.hour}:${part.minute} IST`;
}
const istDate = (iso) => (iso ? ist(iso).slice(0, 10) : "");  // the IST day of a moment
const day = (isoDate) => (isoDate ? `${isoDate.slice(8, 10)}-${isoDate.slice(5, 7)}-${isoDate.slice(0, 4)}` : "");  // a date
let LABELS = {};
const labelsReady = fetch(API + "/labels").then((r) => r.json()).then((body) => { LABELS = body; }).catch(() => null);
const named = (kind, code) => (LABELS[kind] && LABELS[kind][code] ? LABELS[kind][code].en : String(code ?? "").replace(/_/g, " "));
function showWho(me) {
  const place = me.station_name ? me.station_name + " PS" : me.district_name ? me.district_name + " district" : "";
  $("who").textContent = `${me.name} · ${named("role", me.role)}${place ? " · " + place : ""}`;
}
// An FIR as officers name it ("Hajipur Sadar PS 12/2026"), from a person's cases, instead of its database id.
function firName(person, firId) {
  const fir = (person.firs || []).find((f) => f.fir_id === firId);
  return fir ? `${fir.station} PS ${fir.number}` : "not readable to you";
}
