// Who is signed in, as the API says (GET /api/auth/session also hands out the CSRF cookie).
import { api } from "./api.js";

export const session = { signedIn: false, person: null };

export async function loadSession() {
  const reply = await api("GET", "/auth/session");
  session.signedIn = reply.signed_in;
  session.person = reply.person || null;
  return session;
}

export async function signOut() {
  await api("POST", "/auth/logout");
  session.signedIn = false;
  session.person = null;
}
