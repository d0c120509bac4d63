// Options: where the server is, the rep's token, a connection test with a clear result, and the
// outbox in full. Saving another token keeps the previous account's queued work for its token and
// forgets its cached data and leads here.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { browser } from "wxt/browser";
import type { ConnectionTest } from "@dq/shared";
import { send } from "../../lib/messaging.ts";
import { useSyncSummary } from "./hooks.ts";
import { OtherAccountItems } from "./OtherAccountItems.tsx";
import { OutboxList } from "./OutboxList.tsx";

/** A server on this machine is covered by the manifest; any other needs the rep's grant. */
function needsPermission(url: string) {
  const host = new URL(url).hostname;
  return host !== "127.0.0.1" && host !== "localhost";
}

export function OptionsApp() {
  const qc = useQueryClient();
  const settings = useQuery({ queryKey: ["settings"], queryFn: () => send({ type: "settings.get" }) });
  const summary = useSyncSummary();
  const [serverUrl, setServerUrl] = useState("");
  const [token, setToken] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [test, setTest] = useState<ConnectionTest | null>(null);
  const [testing, setTesting] = useState(false);

  useEffect(() => {
    if (settings.data && !serverUrl) setServerUrl(settings.data.serverUrl);
  }, [settings.data, serverUrl]);

  const grant = async (url: string) => {
    if (!needsPermission(url)) return true;
    const origin = `${new URL(url).origin}/*`;
    return browser.permissions.request({ origins: [origin] });
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    setError(null);
    try {
      new URL(serverUrl);
    } catch {
      return setError("The server URL is not a valid URL (e.g. http://127.0.0.1:8787).");
    }
    if (!(await grant(serverUrl))) return setError("Deal Quest needs permission to reach this server.");
    try {
      await send({ type: "settings.save", serverUrl, ...(token ? { token } : {}) });
      setToken("");
      setSaved("Saved.");
      await qc.invalidateQueries();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const runTest = async () => {
    setTesting(true);
    setTest(null);
    try {
      if (serverUrl && !(await grant(serverUrl))) throw new Error("Deal Quest needs permission to reach this server.");
      setTest(await send({ type: "connection.test", ...(serverUrl ? { serverUrl } : {}), ...(token ? { token } : {}) }));
    } catch (err) {
      setTest({ ok: false, server: null, member: null, error: { status: 0, code: "client", message: (err as Error).message } });
    } finally {
      setTesting(false);
    }
  };

  return (
    <main className="page" style={{ maxWidth: 640 }}>
      <h1>Deal Quest options</h1>
      <form className="card" onSubmit={save}>
        <label htmlFor="server-url">Server URL</label>
        <input id="server-url" type="url" value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} placeholder={settings.data?.defaultServerUrl} required />
        <label htmlFor="token">Token</label>
        <input
          id="token"
          type="password"
          autoComplete="off"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          placeholder={settings.data?.hasToken ? "A token is saved (type to replace it)" : "Paste the token your manager gave you"}
        />
        <div className="row" style={{ marginTop: 12 }}>
          <button type="submit" className="primary">
            Save
          </button>
          <button type="button" onClick={() => void runTest()} disabled={testing}>
            {testing ? "Testing…" : "Test connection"}
          </button>
          {saved && <span className="ok">{saved}</span>}
          {error && (
            <span className="bad" role="alert">
              {error}
            </span>
          )}
        </div>
        {test && (
          <p role="status" data-testid="connection-result" className={test.ok ? "ok" : "bad"}>
            {test.ok
              ? `Connected to Deal Quest ${test.server?.version ?? ""} as ${test.member?.name} (${test.member?.role}, ${test.member?.team}).`
              : test.server
                ? `The server answers (Deal Quest ${test.server.version}), but the token does not work: ${test.error?.message}`
                : `Cannot connect: ${test.error?.message}`}
          </p>
        )}
      </form>
      <h2>Outbox</h2>
      <OtherAccountItems summary={summary} />
      <OutboxList showSent />
    </main>
  );
}
