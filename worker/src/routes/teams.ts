// Teams and members: an admin creates a team with its first manager; managers invite members.
import { createRoute } from "@hono/zod-openapi";
import { CreateMemberRequest, CreateMemberResponse, CreateTeamRequest, CreateTeamResponse, MemberList } from "@dq/shared";
import type { Db } from "../db/client.ts";
import { type MemberRow, toMember } from "../db/rows.ts";
import { requireAdmin, requireMember } from "../http/auth.ts";
import { newToken, sha256Hex } from "../http/crypto.ts";
import { conflict, errorBody } from "../http/errors.ts";
import { type Receipt, commit } from "../http/idempotency.ts";
import { IdempotencyHeader, adminBearer, managerBearer, jsonBody, jsonResponse, memberErrors, mutationErrors, router } from "../http/openapi.ts";

export const teams = router();

/**
 * What a replay of a token-issuing request answers: the token is shown once and never stored (not
 * even in the idempotency receipt), so a replay is a 409 `token_already_issued` naming what was
 * created. A client that lost the first response asks a manager to invite the member again.
 */
function tokenIssued(what: string): Receipt {
  return {
    status: 409,
    body: errorBody(
      "token_already_issued",
      `This request already succeeded (${what}); its token was shown once in the first response and is not stored. Lost it? Have a manager issue a new invite.`,
    ),
  };
}

const REPLAY_NOTE =
  " A replay with the same `Idempotency-Key` does not return the token again (it is never stored): it answers 409 with `error.code` `token_already_issued` and what was created.";

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
    security: adminBearer,
    request: { body: jsonBody(CreateTeamRequest) },
    parameters: [IdempotencyHeader],
    description: `The manager's token is in this response only.${REPLAY_NOTE}`,
    responses: { 201: jsonResponse(CreateTeamResponse, "The team, its manager and the manager's token (shown once)."), ...mutationErrors },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const db = c.var.db;
    const now = c.var.now.toISOString();
    const team = { id: crypto.randomUUID(), name: body.name, createdAt: now };
    const { member, token, statements } = await newMember(db, team.id, { ...body.manager, role: "manager" }, now);
    const response = { team, manager: toMember(member), token };
    const receipt = tokenIssued(`team ${team.id} with manager ${member.id}`);
    await commit(c, [db.stmt("INSERT INTO teams (id, name, created_at) VALUES (?, ?, ?)", team.id, team.name, now), ...statements], response, 201, receipt);
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
    security: managerBearer,
    request: { body: jsonBody(CreateMemberRequest) },
    parameters: [IdempotencyHeader],
    description: `The member's token is in this response only.${REPLAY_NOTE}`,
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
      await commit(c, statements, response, 201, tokenIssued(`member ${member.id}`));
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
    security: managerBearer,
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
