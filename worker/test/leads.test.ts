import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createTeam, uniq } from "./helpers.ts";

const put = (token: string, body: Record<string, unknown>, idempotencyKey?: string) => call("PUT", "/v1/leads", { token, body, idempotencyKey });

describe("PUT /v1/leads", () => {
  it("creates a lead for the caller, then updates it by (crm, externalId), keeping unread fields", async () => {
    const team = await createTeam();
    const ext = uniq("deal-");
    const first = await put(team.rep.token, { crm: "hubspot", externalId: ext, name: "Dana Reyes", company: "Harbor Logistics", stage: "Qualified", amount: 12000, currency: "usd" });
    expect(first.status).toBe(200);
    expect(first.json.created).toBe(true);
    expect(first.json.lead).toMatchObject({ ownerId: team.rep.id, crm: "hubspot", externalId: ext, name: "Dana Reyes", status: "open", amount: 12000, currency: "USD" });

    const second = await put(team.rep.token, { crm: "hubspot", externalId: ext, stage: "Contract Sent" });
    expect(second.json.created).toBe(false);
    expect(second.json.lead.id).toBe(first.json.lead.id);
    expect(second.json.lead).toMatchObject({ name: "Dana Reyes", company: "Harbor Logistics", stage: "Contract Sent", amount: 12000 });

    const won = await put(team.rep.token, { crm: "hubspot", externalId: ext, stage: "Closed Won", status: "won" });
    expect(won.json.lead.status).toBe("won");
    expect(won.json.lead.closedAt).not.toBeNull();
  });

  it("keeps the CRM's creation date when given", async () => {
    const team = await createTeam();
    const res = await put(team.rep.token, { crm: "pipedrive", externalId: "42", createdAt: "2026-03-01T10:00:00Z" });
    expect(res.json.lead.createdAt).toBe("2026-03-01T10:00:00Z");
    expect(res.json.lead.firstSeenAt).not.toBe(res.json.lead.createdAt);
  });

  it("keeps the same CRM record apart across teams", async () => {
    const a = await createTeam();
    const b = await createTeam();
    const la = await put(a.rep.token, { crm: "salesforce", externalId: "006000000000001", name: "A's deal" });
    const lb = await put(b.rep.token, { crm: "salesforce", externalId: "006000000000001", name: "B's deal" });
    expect(la.json.lead.id).not.toBe(lb.json.lead.id);
    expect(lb.json.lead.name).toBe("B's deal");
  });

  it("validates the body", async () => {
    const team = await createTeam();
    const res = await put(team.rep.token, { crm: "zoho", externalId: "" , amount: -5 });
    expect(res.status).toBe(400);
    const paths = res.json.error.issues.map((i: { path: string[] }) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["crm", "externalId", "amount"]));
  });

  it("accepts only http(s) record URLs: javascript: and data: are a 400 naming url", async () => {
    const team = await createTeam();
    for (const url of ["javascript:alert(document.cookie)", "JavaScript://example.com/%0aalert(1)", "data:text/html,<script>alert(1)</script>", "file:///etc/passwd", "ftp://example.com/x"]) {
      const res = await put(team.rep.token, { crm: "sandbox", externalId: uniq("u"), url });
      expect(res.status, url).toBe(400);
      expect(res.json.error.code).toBe("invalid_body");
      expect(res.json.error.issues.map((i: { path: string[] }) => i.path.join("."))).toEqual(["url"]);
    }
    for (const url of ["https://app.hubspot.com/contacts/1/deal/2", "http://127.0.0.1:8790/deals/7"]) {
      const res = await put(team.rep.token, { crm: "sandbox", externalId: uniq("u"), url });
      expect(res.status, url).toBe(200);
      expect(res.json.lead.url).toBe(url);
    }
  });

  it("lets only the owner update a lead: a teammate's upsert is a 404 and changes nothing; an unowned lead is claimed", async () => {
    const team = await createTeam();
    const ext = uniq("deal-");
    const mine = await put(team.rep.token, { crm: "hubspot", externalId: ext, name: "Dana Reyes", company: "Harbor Logistics", status: "open", amount: 12000 });
    expect(mine.status).toBe(200);

    for (const token of [team.rep2.token, team.manager.token]) {
      const theirs = await put(token, { crm: "hubspot", externalId: ext, name: "Hijacked", company: "Evil Co", status: "lost", amount: 1 });
      expect(theirs.status).toBe(404);
      expect(theirs.json.error).toEqual({ code: "not_found", message: expect.stringMatching(/another member of your team/) });
      expect(theirs.text).not.toContain("Dana Reyes");
    }
    const after = await call("GET", `/v1/leads/${mine.json.lead.id}`, { token: team.rep.token });
    expect(after.json.lead).toMatchObject({ ownerId: team.rep.id, name: "Dana Reyes", company: "Harbor Logistics", status: "open", amount: 12000 });
    expect(after.json.lead.updatedAt).toBe(mine.json.lead.updatedAt);

    // A lead a CRM webhook reported with no owner is claimed by the first rep who upserts it.
    const unowned = uniq("hook-");
    await put(team.rep.token, { crm: "pipedrive", externalId: unowned, name: "From a webhook" });
    await env.DB.prepare("UPDATE leads SET owner_id = NULL WHERE team_id = ? AND external_id = ?").bind(team.teamId, unowned).run();
    const claimed = await put(team.rep2.token, { crm: "pipedrive", externalId: unowned, stage: "Proposal" });
    expect(claimed.status).toBe(200);
    expect(claimed.json.lead).toMatchObject({ ownerId: team.rep2.id, name: "From a webhook", stage: "Proposal" });
    expect((await put(team.rep.token, { crm: "pipedrive", externalId: unowned, stage: "Back" })).status).toBe(404);
  });
});

describe("GET /v1/leads", () => {
  it("lists the caller's leads newest first, pages with a cursor, and finds one by CRM identity", async () => {
    const team = await createTeam();
    for (let i = 1; i <= 5; i++) await put(team.rep.token, { crm: "sandbox", externalId: `L${i}`, name: `Lead ${i}`, createdAt: `2026-0${i}-01T00:00:00Z` });
    await put(team.rep2.token, { crm: "sandbox", externalId: "other", name: "Not mine" });

    const page1 = await call("GET", "/v1/leads?limit=3", { token: team.rep.token });
    expect(page1.status).toBe(200);
    expect(page1.json.leads.map((l: { name: string }) => l.name)).toEqual(["Lead 5", "Lead 4", "Lead 3"]);
    const page2 = await call("GET", `/v1/leads?limit=3&cursor=${encodeURIComponent(page1.json.nextCursor)}`, { token: team.rep.token });
    expect(page2.json.leads.map((l: { name: string }) => l.name)).toEqual(["Lead 2", "Lead 1"]);
    expect(page2.json.nextCursor).toBeNull();

    const found = await call("GET", "/v1/leads?crm=sandbox&externalId=L3", { token: team.rep.token });
    expect(found.json.leads).toHaveLength(1);
    expect(found.json.leads[0].name).toBe("Lead 3");

    expect((await call("GET", "/v1/leads?limit=0", { token: team.rep.token })).status).toBe(400);
    expect((await call("GET", "/v1/leads?crm=nope", { token: team.rep.token })).json.error.code).toBe("invalid_query");
    expect((await call("GET", "/v1/leads?cursor=%%%", { token: team.rep.token })).status).toBe(400);
  });
});

describe("GET /v1/leads/:id", () => {
  it("shows the lead to its owner and the manager, and is a 404 to teammates and other teams", async () => {
    const team = await createTeam();
    const other = await createTeam();
    const lead = (await put(team.rep.token, { crm: "sandbox", externalId: uniq(), name: "Secret deal" })).json.lead;
    expect((await call("GET", `/v1/leads/${lead.id}`, { token: team.rep.token })).json.lead.name).toBe("Secret deal");
    expect((await call("GET", `/v1/leads/${lead.id}`, { token: team.manager.token })).status).toBe(200);
    for (const token of [team.rep2.token, other.rep.token, other.manager.token]) {
      const res = await call("GET", `/v1/leads/${lead.id}`, { token });
      expect(res.status).toBe(404);
      expect(res.text).not.toContain("Secret deal");
    }
    expect((await call("GET", "/v1/leads/does-not-exist", { token: team.rep.token })).status).toBe(404);
  });
});

describe("POST /v1/leads/:id/outcomes", () => {
  const outcome = { responded: true, meetingBooked: true, result: "won", strategy: "value_selling", tactics: ["live_demo", "case_study"], winningApproach: "Anchored on their Q3 goal." };

  it("records the funnel answers, closes the lead and awards support XP", async () => {
    const team = await createTeam();
    const lead = (await put(team.rep.token, { crm: "sandbox", externalId: uniq() })).json.lead;
    const res = await call("POST", `/v1/leads/${lead.id}/outcomes`, { token: team.rep.token, body: { ...outcome, closedAt: "2026-11-20T12:00:00Z" } });
    expect(res.status).toBe(201);
    expect(res.json.outcome).toMatchObject({ responded: true, meetingBooked: true, result: "won", strategy: "value_selling", tactics: ["live_demo", "case_study"], closedAt: "2026-11-20T12:00:00.000Z" });
    expect(res.json.lead.status).toBe("won");
    expect(res.json.xp.awarded).toBe(35);

    const me = await call("GET", "/v1/me", { token: team.rep.token });
    expect(me.json.xp).toEqual({ training: 0, support: 35, total: 35 });
    expect(me.json.outcomesLogged).toBe(1);

    const detail = await call("GET", `/v1/leads/${lead.id}`, { token: team.rep.token });
    expect(detail.json.lead.status).toBe("won");
    expect(detail.json.outcomes).toHaveLength(1);
  });

  it("appends: a later outcome changes the status again", async () => {
    const team = await createTeam();
    const lead = (await put(team.rep.token, { crm: "sandbox", externalId: uniq() })).json.lead;
    await call("POST", `/v1/leads/${lead.id}/outcomes`, { token: team.rep.token, body: { responded: false, meetingBooked: false, result: "ghosted" } });
    const again = await call("POST", `/v1/leads/${lead.id}/outcomes`, { token: team.rep.token, body: { responded: true, meetingBooked: false, result: "lost", lostReason: "price" } });
    expect(again.json.lead.status).toBe("lost");
    expect((await call("GET", `/v1/leads/${lead.id}`, { token: team.rep.token })).json.outcomes).toHaveLength(2);
  });

  it("rejects inconsistent or unknown answers with 400", async () => {
    const team = await createTeam();
    const lead = (await put(team.rep.token, { crm: "sandbox", externalId: uniq() })).json.lead;
    const post = (body: unknown) => call("POST", `/v1/leads/${lead.id}/outcomes`, { token: team.rep.token, body });
    const meetingWithoutReply = await post({ responded: false, meetingBooked: true, result: "lost" });
    expect(meetingWithoutReply.status).toBe(400);
    expect(meetingWithoutReply.json.error.issues[0].path).toEqual(["meetingBooked"]);
    expect((await post({ responded: true, meetingBooked: false, result: "won", lostReason: "price" })).status).toBe(400);
    const unknown = await post({ responded: true, meetingBooked: false, result: "lost", strategy: "bribery", tactics: ["cold_call", "smoke_signals"] });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.issues.map((i: { path: unknown[] }) => i.path)).toEqual([["strategy"], ["tactics", 1]]);
    expect((await post({ responded: "yes", meetingBooked: false, result: "won" })).status).toBe(400);
    expect((await post({ meetingBooked: false, result: "won" })).json.error.issues[0].path).toEqual(["responded"]);
    expect((await post({ responded: true, meetingBooked: false, result: "maybe" })).status).toBe(400);
  });

  it("is owner-only: a teammate or another team gets 404 and nothing changes", async () => {
    const team = await createTeam();
    const other = await createTeam();
    const lead = (await put(team.rep.token, { crm: "sandbox", externalId: uniq() })).json.lead;
    for (const token of [team.rep2.token, other.rep.token, other.manager.token]) {
      expect((await call("POST", `/v1/leads/${lead.id}/outcomes`, { token, body: outcome })).status).toBe(404);
    }
    const n = await env.DB.prepare("SELECT count(*) AS n FROM outcomes WHERE lead_id = ?").bind(lead.id).first<{ n: number }>();
    expect(n!.n).toBe(0);
  });

  it("does the work once per Idempotency-Key and refuses the key for a different request", async () => {
    const team = await createTeam();
    const lead = (await put(team.rep.token, { crm: "sandbox", externalId: uniq() })).json.lead;
    const key = crypto.randomUUID();
    const first = await call("POST", `/v1/leads/${lead.id}/outcomes`, { token: team.rep.token, body: outcome, idempotencyKey: key });
    const replay = await call("POST", `/v1/leads/${lead.id}/outcomes`, { token: team.rep.token, body: outcome, idempotencyKey: key });
    expect(replay.status).toBe(201);
    expect(replay.json).toEqual(first.json);
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM outcomes WHERE lead_id = ?").bind(lead.id).first<{ n: number }>();
    expect(rows!.n).toBe(1);
    expect((await call("GET", "/v1/me", { token: team.rep.token })).json.xp.support).toBe(35);

    const different = await call("POST", `/v1/leads/${lead.id}/outcomes`, { token: team.rep.token, body: { ...outcome, result: "lost", winningApproach: undefined }, idempotencyKey: key });
    expect(different.status).toBe(409);
    // The same key from another member is that member's own key.
    const lead2 = (await put(team.rep2.token, { crm: "sandbox", externalId: uniq() })).json.lead;
    expect((await call("POST", `/v1/leads/${lead2.id}/outcomes`, { token: team.rep2.token, body: outcome, idempotencyKey: key })).status).toBe(201);
  });
});
