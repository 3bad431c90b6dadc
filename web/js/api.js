// The one way pages talk to the API: same origin, cookies, the CSRF echo on writes, JSON.
// Page scripts never see a token; the session lives in HttpOnly cookies.

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code;
    this.details = body?.error?.details;
  }
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

async function send(path, init) {
  const response = await fetch(`/api${path}`, init());
  if (response.status !== 401) return response;
  const text = await response.clone().text();
  const code = text ? JSON.parse(text)?.error?.code : undefined;
  if (code !== "session_expired" || !(await renew()).ok) return response;
  return fetch(`/api${path}`, init()); // init() again: the renewal may have set a new CSRF cookie
}

export async function api(method, path, body, extraHeaders = {}) {
  const response = await send(path, () => {
    const headers = { Accept: "application/json", ...extraHeaders };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET") headers["X-CSRF-Token"] = csrfToken();
    return { method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body) };
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
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
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, data);
  return { changed: true, data, etag: response.headers.get("ETag") };
}
