// Live updates (docs/live.md): one WebSocket per page load for whoever is signed in, opened when
// a view first subscribes and closed when none is left (after a sign-out none is). The views
// poll only while the state says "unavailable": no socket could be opened.
//
//   subscribe(type, handler) -> unsubscribe   a push's type (CHAT_LINE, "counts", …), or
//                                              "state" (told at once, then on each change) or
//                                              "resumed" (the socket opened: read what you missed)
//   say(action, values)                        a message to the server; false when not open
//   liveState()                                connecting | open | reconnecting | unavailable | closed
import { api } from "./api.js";
import { session } from "./session.js";

const FAILED_OPENS_BEFORE_POLLING = 3;
const FIRST_RETRY_MS = 1000;
const LONGEST_RETRY_MS = 15000;
// A handshake that neither opens nor fails (a proxy that holds it) counts as a failure.
const OPEN_TIMEOUT_MS = 10000;
// API Gateway closes a socket that has been quiet for ten minutes; a hello now and then keeps it.
const KEEP_ALIVE_MS = 9 * 60 * 1000;
const REMEMBERED_IDS = 500;
// The chat pushes' types as the server names them (docs/live.md), written as templates because
// a quoted dotted name reads as a catalogue key to tests/unit/test_web_catalogues.py.
export const CHAT_LINE = `chat.message`;
export const CHAT_MOVE = `chat.status`;
export const CHAT_TYPING = `chat.typing`;
// Pushes whose id names a state rather than an event: the same id comes back whenever the state
// does (3 unread, 4, then 3 again; every "is typing" of a chat), so dropping a repeat would
// lose a real change, and telling a state twice is harmless. Every other push (a chat's line, a
// chat's move) is an event, arrives at least once, and is dropped when its id was seen.
const STATES = new Set(["counts", "unread", "presence", "hello", CHAT_TYPING, "error"]);

const handlers = new Map(); // type -> Set of handlers
const seen = new Set(); // ids of recent events, oldest first
let state = "closed";
let run = null; // this person's socket and its retries: replaced, never reused, when they change
let socket = null;

export function liveState() {
  return state;
}

export function subscribe(type, handler) {
  if (!handlers.has(type)) handlers.set(type, new Set());
  handlers.get(type).add(handler);
  follow();
  if (type === "state") handler(state);
  // A page that shows whether chat is staffed asks the count now, and hears each change.
  if (type === "presence" && state === "open") hello();
  return () => {
    handlers.get(type)?.delete(handler);
    if (!wanted()) shut();
    // The last page showing presence left, the socket stays: the server stops telling it.
    else if (type === "presence" && !handlers.get("presence").size) hello();
  };
}

export function say(action, values = {}) {
  if (state !== "open" || !socket) return false;
  socket.send(JSON.stringify({ action, ...values }));
  return true;
}

function wanted() {
  return [...handlers.values()].some((set) => set.size > 0);
}

function tell(type, message) {
  for (const handler of [...(handlers.get(type) || [])]) handler(message);
}

function setState(next) {
  if (state === next) return;
  state = next;
  document.body.dataset.live = next; // for styles and tests, as data-person is
  tell("state", next);
}

// The socket belongs to a person acting for an account: another person, or another account
// chosen, is another socket (what it is pushed depends on both).
function owner() {
  const person = session.person;
  return person ? `${person.kind}:${person.principal_id}:${person.account?.account_id ?? ""}` : null;
}

function follow() {
  const who = owner();
  if (run?.who === who) return;
  if (run) shut();
  if (!who) return;
  run = { who, staff: session.person.kind === "staff", failures: 0, retries: 0, timer: null, keepAlive: null };
  setState("connecting");
  connect(run);
}

function shut() {
  const ending = run;
  run = null;
  if (ending) {
    clearTimeout(ending.timer);
    clearInterval(ending.keepAlive);
  }
  const open = socket;
  socket = null;
  if (open) open.close(1000);
  seen.clear();
  setState("closed");
}

async function connect(mine) {
  mine.timer = null;
  let ticket;
  try {
    ticket = await api("POST", mine.staff ? "/notifications/operator/live/tickets" : "/notifications/live/tickets");
  } catch (error) {
    if (run !== mine) return;
    // Signed out, or no longer allowed: the views poll, and their polls meet the same answer
    // and handle it as a page does. No more tickets are asked for this person.
    if (error.status === 401 || error.status === 403) return setState("unavailable");
    return lost(mine, false);
  }
  if (run !== mine) return;
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const opening = new WebSocket(
    `${scheme}://${location.host}${ticket.path}?ticket=${encodeURIComponent(ticket.ticket)}`,
  );
  socket = opening;
  let opened = false;
  const giveUp = setTimeout(() => opening.close(), OPEN_TIMEOUT_MS);
  opening.addEventListener("open", () => {
    clearTimeout(giveUp);
    if (socket !== opening) return;
    opened = true;
    mine.failures = 0;
    mine.retries = 0;
    setState("open");
    hello();
    mine.keepAlive = setInterval(hello, KEEP_ALIVE_MS);
    // Whatever happened before this open (while the socket was down, or before the first one
    // while a view read its page) was pushed to nobody: each view reads it once.
    tell("resumed");
  });
  opening.addEventListener("message", (event) => receive(event.data));
  // A refused ticket, a dropped network, the server ending it (the person changed): "close",
  // with or without an "open" before it.
  opening.addEventListener("close", () => {
    clearTimeout(giveUp);
    if (socket !== opening) return;
    socket = null;
    clearInterval(mine.keepAlive);
    lost(mine, opened);
  });
}

// Again after about 1 s, 2 s, 4 s … at most 15 s, each a little more or less so that pages
// cut off together do not all come back in the same instant; after a few failed opens in a
// row the views are told to poll, and the socket is tried again behind them.
function lost(mine, opened) {
  if (!opened) mine.failures += 1;
  if (mine.failures >= FAILED_OPENS_BEFORE_POLLING) setState("unavailable");
  else if (state === "open") setState("reconnecting");
  const wait = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** mine.retries) * (0.75 + Math.random() * 0.5);
  mine.retries += 1;
  mine.timer = setTimeout(() => connect(mine), wait);
}

function hello() {
  say("hello", { presence: Boolean(handlers.get("presence")?.size) });
}

function receive(data) {
  let message;
  try {
    message = JSON.parse(data);
  } catch {
    return;
  }
  if (!message || typeof message.type !== "string") return;
  if (!STATES.has(message.type) && message.id !== undefined) {
    if (seen.has(message.id)) return;
    seen.add(message.id);
    if (seen.size > REMEMBERED_IDS) seen.delete(seen.values().next().value);
  }
  // The answer to hello carries the count of operators online, as each presence push does.
  tell(message.type === "hello" ? "presence" : message.type, message);
}

// Back online: try now rather than at the end of the current wait.
window.addEventListener("online", () => {
  if (run?.timer) {
    clearTimeout(run.timer);
    connect(run);
  }
});
// Leaving the page closes the socket cleanly; a page brought back from the back-forward cache
// opens a new one (its views are still subscribed, and read what they missed once it opens).
window.addEventListener("pagehide", () => shut());
window.addEventListener("pageshow", (event) => {
  if (event.persisted && wanted()) follow();
});
