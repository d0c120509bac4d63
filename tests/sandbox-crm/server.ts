// Serves the Sandbox CRM: static assets under /assets/, every other path the single-page app's
// shell (client-side routes like /leads/L-1001). `npm start` runs it on 127.0.0.1:8790; the
// end-to-end tests serve the same responses through Playwright routing.
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";

const PUBLIC = path.join(import.meta.dirname, "public");
const TYPES: Record<string, string> = { ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".html": "text/html; charset=utf-8" };

export const SANDBOX_PORT = 8790;

export interface SandboxResponse {
  status: number;
  contentType: string;
  body: string;
}

/** The response for a request path (no I/O beyond reading the bundled files). */
export function sandboxResponse(pathname: string): SandboxResponse {
  const asset = /^\/assets\/([a-z-]+\.(?:js|css))$/.exec(pathname);
  if (asset) {
    const file = path.join(PUBLIC, asset[1]!);
    try {
      return { status: 200, contentType: TYPES[path.extname(file)]!, body: readFileSync(file, "utf8") };
    } catch {
      return { status: 404, contentType: "text/plain", body: "Not found" };
    }
  }
  if (pathname === "/") return { status: 302, contentType: "text/plain", body: "/leads" };
  return { status: 200, contentType: TYPES[".html"]!, body: readFileSync(path.join(PUBLIC, "index.html"), "utf8") };
}

/** Starts the Sandbox CRM on host:port; resolves with a function that closes it. */
export function startSandbox(port = SANDBOX_PORT, host = "127.0.0.1"): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? "/", "http://sandbox");
    const r = sandboxResponse(pathname);
    if (r.status === 302) res.writeHead(302, { Location: r.body }).end();
    else res.writeHead(r.status, { "Content-Type": r.contentType, "Cache-Control": "no-store" }).end(r.body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () =>
      resolve({ url: `http://${host}:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) }),
    );
  });
}

// `node tests/sandbox-crm/server.ts` serves it on its own.
if (import.meta.filename === process.argv[1]) {
  const { url } = await startSandbox(Number(process.env.SANDBOX_PORT ?? SANDBOX_PORT));
  console.log(`Sandbox CRM on ${url}/leads`);
}
