// The kill switch for when a CRM redesigns: operators switch a record-page feature off per CRM
// with the admin secret; every member reads the list in GET /v1/me.
import { describe, expect, it } from "vitest";
import { ADMIN, call, createTeam } from "./helpers.ts";

describe("PUT /v1/crm-features", () => {
  it("switches a feature off on one CRM, shows it to every member in /v1/me, and back on", async () => {
    const team = await createTeam();
    expect((await call("GET", "/v1/me", { token: team.rep.token })).json.crmFeaturesOff).toEqual([]);

    const off = await call("PUT", "/v1/crm-features", { token: ADMIN, body: { crm: "hubspot", feature: "stage-watcher", off: true, reason: "HubSpot moved the stage field" } });
    expect(off.status).toBe(200);
    expect(off.json.off).toEqual([{ crm: "hubspot", feature: "stage-watcher", reason: "HubSpot moved the stage field", since: expect.any(String) }]);
    const since = off.json.off[0].since;

    // Again with another reason: one row, the first time it went off kept.
    const again = await call("PUT", "/v1/crm-features", { token: ADMIN, body: { crm: "hubspot", feature: "stage-watcher", off: true, reason: "Still broken" } });
    expect(again.json.off).toEqual([{ crm: "hubspot", feature: "stage-watcher", reason: "Still broken", since }]);

    for (const who of [team.rep, team.manager]) {
      const me = await call("GET", "/v1/me", { token: who.token });
      expect(me.json.crmFeaturesOff).toEqual([{ crm: "hubspot", feature: "stage-watcher", reason: "Still broken", since }]);
    }

    const on = await call("PUT", "/v1/crm-features", { token: ADMIN, body: { crm: "hubspot", feature: "stage-watcher", off: false } });
    expect(on.json.off).toEqual([]);
    expect((await call("GET", "/v1/me", { token: team.rep.token })).json.crmFeaturesOff).toEqual([]);
  });

  it("takes only the admin secret, and only known CRMs and features", async () => {
    const team = await createTeam();
    const body = { crm: "pipedrive", feature: "lead-panel", off: true };
    expect((await call("PUT", "/v1/crm-features", { body })).status).toBe(401);
    expect((await call("PUT", "/v1/crm-features", { token: team.manager.token, body })).status).toBe(401);
    expect((await call("PUT", "/v1/crm-features", { token: "not-the-secret", body })).status).toBe(401);
    for (const bad of [{ ...body, crm: "zoho" }, { ...body, feature: "everything" }, { crm: "pipedrive", feature: "lead-panel" }]) {
      const res = await call("PUT", "/v1/crm-features", { token: ADMIN, body: bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.json.error.code).toBe("invalid_body");
    }
    expect((await call("GET", "/v1/me", { token: team.rep.token })).json.crmFeaturesOff).toEqual([]);
  });
});
