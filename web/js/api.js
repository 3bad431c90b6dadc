// The one way pages talk to the API: same origin, cookies, the CSRF echo on writes, JSON.
// Page scripts never see a token; the session lives in HttpOnly cookies.

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code;
    this.details = body?.error?.details;
    this.values = body?.error?.values;
  }
}

// No reply at all (offline, the connection dropped): status 0, said as such on the page.
function offline() {
  return new ApiError(0, { error: { code: "offline", message: "No connection." } });
}

// One per form (or per confirmed action): sent as its Idempotency-Key, so a form sent twice,
// by a double click or a retry after a lost reply, makes one invoice, payment or request.
export function formKey() {
  return `web-${crypto.randomUUID()}`;
}

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrf_token=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

// Each part of the API checks the session itself; only the sign-in part renews it. An
// expired access token is answered 401 "session_expired": renew once (one renewal shared by
// the calls that met it together), then send the call again.
let renewing = null;

function renew() {
  renewing ??= fetch("/api/auth/refresh", {
    method: "POST",
    headers: { Accept: "application/json", "X-CSRF-Token": csrfToken() },
    credentials: "same-origin",
  }).finally(() => {
    renewing = null;
  });
  return renewing;
}

// A reply's JSON, or null: a gateway's own error page (502, 504) is HTML.
function readJson(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

async function reach(path, init) {
  try {
    return await fetch(`/api${path}`, init);
  } catch {
    throw offline();
  }
}

async function send(path, init) {
  const response = await reach(path, init());
  if (response.status !== 401) return response;
  const text = await response.clone().text();
  const code = readJson(text)?.error?.code;
  if (code !== "session_expired" || !(await renew()).ok) return response;
  return reach(path, init()); // init() again: the renewal may have set a new CSRF cookie
}

export async function api(method, path, body, extraHeaders = {}) {
  const response = await send(path, () => {
    const headers = { Accept: "application/json", ...extraHeaders };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET") headers["X-CSRF-Token"] = csrfToken();
    return { method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body) };
  });
  const text = await response.text();
  const data = readJson(text);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

// A conditional GET for polling: { changed: false } on 304, else { changed: true, data, etag }.
export async function poll(path, etag) {
  const headers = { Accept: "application/json" };
  if (etag) headers["If-None-Match"] = etag;
  const response = await send(path, () => ({ headers, credentials: "same-origin", cache: "no-store" }));
  if (response.status === 304) return { changed: false, etag };
  const text = await response.text();
  const data = readJson(text);
  if (!response.ok) throw new ApiError(response.status, data);
  return { changed: true, data, etag: response.headers.get("ETag") };
}
