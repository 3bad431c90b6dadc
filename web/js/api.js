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

export async function api(method, path, body, extraHeaders = {}) {
  const headers = { Accept: "application/json", ...extraHeaders };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") headers["X-CSRF-Token"] = csrfToken();
  const response = await fetch(`/api${path}`, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
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
  const response = await fetch(`/api${path}`, { headers, credentials: "same-origin", cache: "no-store" });
  if (response.status === 304) return { changed: false, etag };
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, data);
  return { changed: true, data, etag: response.headers.get("ETag") };
}
