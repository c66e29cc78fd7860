// What every staff page shares: the API helper with the officer's bearer token (kept in sessionStorage) and
// the login form. Each page defines start(), run after a login, and has #app, #login, #login-error, #logout,
// #who, #username and #password.
const API = "/api/v1";
const $ = (id) => document.getElementById(id);
const esc = (text) => String(text ?? "").replace(/[&<>"']/g, (c) => ({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;","'":"&#39;"}[c]));
const token = () => sessionStorage.getItem("cctns-token");

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
