// Who is signed in, as the API says (GET /api/auth/session also hands out the CSRF cookie).
// A contact acts for one account at a time (person.account): its name, their role on it and
// the areas that role reads and changes, all from the server.
import { api } from "./api.js";

export const session = { signedIn: false, person: null };

function remember(reply) {
  session.signedIn = reply.signed_in;
  session.person = reply.person || null;
  return session;
}

export async function loadSession() {
  return remember(await api("GET", "/auth/session"));
}

// Act for another of the contact's accounts; every request after this one is checked against it.
export async function chooseAccount(accountId) {
  return remember(await api("POST", "/auth/account", { account_id: accountId }));
}

// A contact of several accounts who has not chosen one yet (or whose account is gone).
export function mustChooseAccount() {
  const person = session.person;
  return person?.kind === "customer" && !person.account;
}

// Whether the active role reads `area`: a view leaves out what it would be refused (a support
// contact's ticket form offers none of the account's orders or invoices to link).
export function mayRead(area) {
  const person = session.person;
  if (person?.kind !== "customer") return true;
  return area === "own" || Boolean(person.account?.reads.includes(area));
}

// Whether the active role may change things of `area`: views hide or disable what it may not
// (the server refuses anyway).
export function mayChange(area) {
  const person = session.person;
  if (person?.kind !== "customer") return true;
  return area === "own" || Boolean(person.account?.writes.includes(area));
}

export async function signOut() {
  await api("POST", "/auth/logout");
  session.signedIn = false;
  session.person = null;
}
