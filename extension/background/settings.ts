// The server URL and the rep's token: stored in the extension's IndexedDB, read only by the
// background (content scripts cannot reach this origin's storage; pages get `hasToken`, never the token).
import type { SettingsView } from "@dq/shared";
import type { DealQuestDb } from "./db.ts";

export const DEFAULT_SERVER_URL: string = import.meta.env.DQ_SERVER_URL || "http://127.0.0.1:8787";

export interface Settings {
  serverUrl: string;
  token: string | null;
}

const KEY = "settings";

export async function loadSettings(db: DealQuestDb): Promise<Settings> {
  const row = await db.kv.get(KEY);
  const stored = (row?.value ?? {}) as Partial<Settings>;
  return { serverUrl: stored.serverUrl || DEFAULT_SERVER_URL, token: stored.token || null };
}

/** Saves the URL; the token only when given (an empty string clears it). */
export async function saveSettings(db: DealQuestDb, next: { serverUrl: string; token?: string }): Promise<Settings> {
  const current = await loadSettings(db);
  const settings: Settings = {
    serverUrl: normalizeServerUrl(next.serverUrl),
    token: next.token === undefined ? current.token : next.token.trim() || null,
  };
  const switched = settings.serverUrl !== current.serverUrl || settings.token !== current.token;
  await db.transaction("rw", db.kv, db.cache, db.scenarios, db.leads, async () => {
    await db.kv.put({ key: KEY, value: settings });
    // Cached server data belongs to who was signed in (their nudges, drafts, best scores, ideal
    // responses they unlocked, the leads they opened): another token or server must not read it
    // offline. Their queued work stays in the outbox, tagged with their account (outbox.ts), and
    // each queued item carries what it needs about its lead.
    if (switched) await Promise.all([db.cache.clear(), db.scenarios.clear(), db.leads.clear()]);
  });
  return settings;
}

/** Who is signed in, as the outbox tags its items: a digest of the token (never the token) and the server. */
export interface Account {
  key: string;
  serverUrl: string;
}

/**
 * The account behind the settings, or null without a token. A token is one member, so its digest
 * names the account; the server is kept to tell the rep where items that wait for it belong.
 */
export async function accountOf(s: Settings): Promise<Account | null> {
  if (!s.token) return null;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`dq-account\n${s.token}`)));
  const key = Array.from(digest.slice(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
  return { key, serverUrl: s.serverUrl };
}

export function normalizeServerUrl(url: string): string {
  const u = new URL(url.trim());
  return `${u.origin}${u.pathname.replace(/\/+$/, "")}`;
}

export function settingsView(s: Settings): SettingsView {
  return { serverUrl: s.serverUrl, defaultServerUrl: DEFAULT_SERVER_URL, hasToken: Boolean(s.token) };
}
