// The extension's own pages set the server and token and test them; the rep's profile and the
// vocabulary are read (and cached) for any page that shows them.
import { ApiError } from "../api.ts";
import { CACHE_KEYS, cachedValue } from "../cache.ts";
import type { BackgroundContext, Handlers } from "../context.ts";
import { accountOf, loadSettings, normalizeServerUrl, saveSettings, settingsView } from "../settings.ts";

export function accountHandlers(ctx: BackgroundContext) {
  const { db, outbox, now } = ctx;
  return {
    async "settings.get"() {
      return settingsView(await loadSettings(db));
    },
    async "settings.save"(m) {
      const before = await accountOf(await loadSettings(db));
      const saved = await saveSettings(db, { serverUrl: m.serverUrl, token: m.token });
      if (before?.key !== (await accountOf(saved))?.key) await outbox.resetStatus();
      // New credentials: what waited for a token (or on the old server) is due now.
      await outbox.wakeAll();
      void ctx.syncFor(0);
      return settingsView(saved);
    },
    async "connection.test"(m) {
      const client = await ctx.api({ serverUrl: m.serverUrl ? normalizeServerUrl(m.serverUrl) : undefined, token: m.token || undefined });
      let server = null;
      try {
        const health = await client.health();
        server = { version: health.version, migrations: health.migrations };
        const me = await client.me();
        return { ok: true, server, member: { name: me.member.name, role: me.member.role, team: me.team.name }, error: null };
      } catch (err) {
        if (err instanceof ApiError) return { ok: false, server, member: null, error: err.toSyncError() };
        throw err;
      }
    },
    async "me.get"() {
      const client = await ctx.api();
      return cachedValue(db, CACHE_KEYS.me, () => client.me(), now);
    },
    async "vocabulary.get"() {
      const client = await ctx.api();
      return cachedValue(db, CACHE_KEYS.vocabulary, () => client.vocabulary(), now);
    },
  } satisfies Partial<Handlers>;
}
