import { describe, expect, it } from "vitest";
import { type ApiError, DealQuestApi } from "./api.ts";

const respond = (status: number, body: unknown, headers: Record<string, string> = {}) => async () =>
  new Response(typeof body === "string" ? body : JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

const api = (fetch: typeof globalThis.fetch, token: string | null = "t") => new DealQuestApi({ baseUrl: "http://dq.test/", token, fetch });

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    return err as ApiError;
  }
  throw new Error("expected a failure");
}

describe("DealQuestApi", () => {
  it("sends the token, the idempotency key and the exact body", async () => {
    let seen: Request | undefined;
    const client = api(async (input, init) => {
      seen = new Request(String(input), init);
      return respond(200, { lead: {}, created: true })();
    });
    await failure(client.upsertLead({ crm: "sandbox", externalId: "1" }, "key-1")); // the stub's lead is not a Lead
    expect(seen!.url).toBe("http://dq.test/v1/leads");
    expect(seen!.method).toBe("PUT");
    expect(seen!.headers.get("Authorization")).toBe("Bearer t");
    expect(seen!.headers.get("Idempotency-Key")).toBe("key-1");
    expect(await seen!.text()).toBe('{"crm":"sandbox","externalId":"1"}');
  });

  it("turns the worker's error shape into an ApiError with code, message and issues", async () => {
    const err = await failure(api(respond(400, { error: { code: "invalid_body", message: "Bad.", issues: [{ path: ["name"], message: "Too long" }] } })).me());
    expect(err).toMatchObject({ status: 400, code: "invalid_body", message: "Bad.", issues: [{ path: ["name"], message: "Too long" }] });
  });

  it("reads Retry-After", async () => {
    const err = await failure(api(respond(429, { error: { code: "rate_limited", message: "Slow." } }, { "Retry-After": "30" })).me());
    expect(err.retryAfterMs).toBe(30_000);
  });

  it("reports an unreachable server as status 0", async () => {
    const err = await failure(api(async () => { throw new TypeError("Failed to fetch"); }).me());
    expect(err).toMatchObject({ status: 0, code: "network" });
    expect(err.message).toContain("http://dq.test");
  });

  it("does not call without a token", async () => {
    let called = false;
    const fetchSpy: typeof fetch = async () => {
      called = true;
      return new Response("{}");
    };
    const err = await failure(api(fetchSpy, null).me());
    expect(err.code).toBe("no_token");
    expect(called).toBe(false);
  });

  it("refuses a 2xx that breaks the contract, and a non-JSON error page", async () => {
    expect((await failure(api(respond(200, { nope: true })).me())).code).toBe("bad_response");
    expect(await failure(api(respond(502, "<html>Bad gateway</html>")).me())).toMatchObject({ status: 502, code: "http_error" });
  });

  it("reads health without a token", async () => {
    const health = await api(respond(200, { status: "ok", version: "1", migrations: { applied: 1, latest: null }, time: "2026-11-24T10:00:00.000Z" }), null).health();
    expect(health.version).toBe("1");
  });
});
