// Teams and members: an admin creates a team with its first manager; managers invite members.
import { createRoute } from "@hono/zod-openapi";
import { CreateMemberRequest, CreateMemberResponse, CreateTeamRequest, CreateTeamResponse, MemberList } from "@dq/shared";
import type { Db } from "../db/client.ts";
import { type MemberRow, toMember } from "../db/rows.ts";
import { requireAdmin, requireMember } from "../http/auth.ts";
import { newToken, sha256Hex } from "../http/crypto.ts";
import { conflict } from "../http/errors.ts";
import { commit } from "../http/idempotency.ts";
import { IdempotencyHeader, bearer, jsonBody, jsonResponse, memberErrors, mutationErrors, router } from "../http/openapi.ts";

export const teams = router();

/** Statements that create a member with a fresh token; returns them with the member and the token. */
async function newMember(db: Db, teamId: string, input: { name: string; email: string; role: MemberRow["role"] }, now: string) {
  const member: MemberRow = { id: crypto.randomUUID(), team_id: teamId, name: input.name, email: input.email, role: input.role, created_at: now };
  const token = newToken();
  const statements = [
    db.stmt(
      "INSERT INTO members (id, team_id, name, email, role, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      member.id,
      teamId,
      member.name,
      member.email,
      member.role,
      now,
    ),
    db.stmt("INSERT INTO member_stats (member_id) VALUES (?)", member.id),
    db.stmt("INSERT INTO tokens (hash, member_id, created_at) VALUES (?, ?, ?)", await sha256Hex(token), member.id, now),
  ];
  return { member, token, statements };
}

teams.use("/v1/teams", requireAdmin());
teams.openapi(
  createRoute({
    method: "post",
    path: "/v1/teams",
    tags: ["teams"],
    summary: "Create a team with its first manager (admin secret).",
    security: bearer,
    request: { body: jsonBody(CreateTeamRequest) },
    parameters: [IdempotencyHeader],
    responses: { 201: jsonResponse(CreateTeamResponse, "The team, its manager and the manager's token (shown once)."), ...mutationErrors },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const db = c.var.db;
    const now = c.var.now.toISOString();
    const team = { id: crypto.randomUUID(), name: body.name, createdAt: now };
    const { member, token, statements } = await newMember(db, team.id, { ...body.manager, role: "manager" }, now);
    const response = { team, manager: toMember(member), token };
    await commit(c, [db.stmt("INSERT INTO teams (id, name, created_at) VALUES (?, ?, ?)", team.id, team.name, now), ...statements], response, 201);
    return c.json(response, 201);
  },
);

teams.use("/v1/team/members", requireMember("manager"));
teams.openapi(
  createRoute({
    method: "post",
    path: "/v1/team/members",
    tags: ["teams"],
    summary: "Invite a member (manager): returns their token once.",
    security: bearer,
    request: { body: jsonBody(CreateMemberRequest) },
    parameters: [IdempotencyHeader],
    responses: { 201: jsonResponse(CreateMemberResponse, "The member and their token (shown once)."), ...mutationErrors },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const db = c.var.db;
    const teamId = c.var.principal.team.id;
    const now = c.var.now.toISOString();
    const { member, token, statements } = await newMember(db, teamId, body, now);
    const response = { member: toMember(member), token };
    try {
      await commit(c, statements, response, 201);
    } catch (err) {
      if (/UNIQUE constraint failed: members/i.test(String(err))) throw conflict(`${body.email} is already a member of this team.`);
      throw err;
    }
    return c.json(response, 201);
  },
);

teams.openapi(
  createRoute({
    method: "get",
    path: "/v1/team/members",
    tags: ["teams"],
    summary: "The team's members (manager).",
    security: bearer,
    responses: { 200: jsonResponse(MemberList, "Members, managers first, then by name."), ...memberErrors },
  }),
  async (c) => {
    const rows = await c.var.db.all<MemberRow>(
      "SELECT id, team_id, name, email, role, created_at FROM members WHERE team_id = ? ORDER BY role = 'rep', name",
      c.var.principal.team.id,
    );
    return c.json({ members: rows.map(toMember) }, 200);
  },
);
