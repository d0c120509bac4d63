// A small HTTP proxy the e2e tests put between the extension and `wrangler dev`: it logs every
// request and can answer for the worker, refuse the connection, or forward a request and then
// drop the connection before the answer reaches the extension (the worker committed, the client
// never heard). The extension is pointed at the proxy's URL like at any server.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type ProxyAction =
  /** Forward to the worker and relay its answer. */
  | "forward"
  /** Close the connection without forwarding (the server is unreachable). */
  | "refuse"
  /** Forward, wait for the worker's whole answer, then close the connection without relaying it. */
  | "forward-then-drop"
  /** Forward, and relay the worker's answer only once `hold` settles (a request in flight meanwhile). */
  | { hold: Promise<unknown> }
  /** Answer for the worker. */
  | { status: number; headers?: Record<string, string>; body?: string };

export interface ProxiedRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  body: string;
  /** Epoch ms when the request arrived. */
  at: number;
  action: string;
  /** The worker's status, when it answered (forwarded requests). */
  status?: number;
  /** How long the worker took to answer (forwarded requests). */
  workerMs?: number;
}

export interface FaultProxy {
  url: string;
  readonly log: ProxiedRequest[];
  /** Decides each request's fate (default: forward everything). */
  rule: (req: { method: string; path: string; idempotencyKey: string | null; body: string }) => ProxyAction;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const proxy: FaultProxy = { url: "", log: [], rule: () => "forward", close: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
      const info = { method: req.method ?? "GET", path: req.url ?? "/", idempotencyKey: key, body: body.toString("utf8") };
      let action: ProxyAction;
      try {
        action = proxy.rule(info);
      } catch {
        action = "forward";
      }
      const entry: ProxiedRequest = { ...info, at: Date.now(), action: typeof action === "string" ? action : "status" in action ? `answer ${action.status}` : "hold" };
      proxy.log.push(entry);
      if (action === "refuse") {
        req.socket.destroy();
        return;
      }
      if (typeof action === "object" && "status" in action) {
        res.writeHead(action.status, { "Content-Type": "application/json", ...action.headers });
        res.end(action.body ?? JSON.stringify({ error: { code: "injected_fault", message: `Fault injected by the test (${action.status}).` } }));
        return;
      }
      const headers = { ...req.headers, host: upstream.host };
      const sent = Date.now();
      const out = http.request({ hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers }, (answer) => {
        entry.status = answer.statusCode;
        const parts: Buffer[] = [];
        answer.on("data", (c: Buffer) => parts.push(c));
        answer.on("end", () => {
          entry.workerMs = Date.now() - sent;
          if (action === "forward-then-drop") {
            req.socket.destroy();
            return;
          }
          const relay = () => {
            if (req.socket.destroyed) return;
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(Buffer.concat(parts));
          };
          if (typeof action === "object") void action.hold.finally(relay);
          else relay();
        });
      });
      out.on("error", () => req.socket.destroy());
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
