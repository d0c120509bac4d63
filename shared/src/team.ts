// Teams, members and their tokens.
import { z } from "zod";
import { Email, Id, Timestamp } from "./common.ts";
import { CrmFeatureOff } from "./crmFeatures.ts";
import { Role } from "./vocabulary.ts";

export const Member = z.object({
  id: Id,
  teamId: Id,
  name: z.string(),
  email: z.string(),
  role: Role,
  createdAt: Timestamp,
});
export type Member = z.infer<typeof Member>;

export const Team = z.object({ id: Id, name: z.string(), createdAt: Timestamp });
export type Team = z.infer<typeof Team>;

const PersonName = z.string().trim().min(1).max(120);

export const CreateTeamRequest = z.object({
  name: z.string().trim().min(1).max(120),
  manager: z.object({ name: PersonName, email: Email }),
});
export type CreateTeamRequest = z.infer<typeof CreateTeamRequest>;

/** The token is shown once: only its hash is stored. */
export const CreateTeamResponse = z.object({ team: Team, manager: Member, token: z.string() });
export type CreateTeamResponse = z.infer<typeof CreateTeamResponse>;

export const CreateMemberRequest = z.object({ name: PersonName, email: Email, role: Role.default("rep") });
export type CreateMemberRequest = z.infer<typeof CreateMemberRequest>;

export const CreateMemberResponse = z.object({ member: Member, token: z.string() });
export type CreateMemberResponse = z.infer<typeof CreateMemberResponse>;

export const MemberList = z.object({ members: z.array(Member) });
export type MemberList = z.infer<typeof MemberList>;

export const Me = z.object({
  member: Member,
  team: Team,
  xp: z.object({ training: z.number().int(), support: z.number().int(), total: z.number().int() }),
  /** Consecutive UTC days with at least one practice attempt, ending today or yesterday. */
  streak: z.number().int(),
  lastPracticedAt: Timestamp.nullable(),
  practice: z.object({
    attempts: z.number().int(),
    /** Active practice time: each attempt counts at most 30 minutes. */
    seconds: z.number().int(),
    hours: z.number(),
  }),
  outcomesLogged: z.number().int(),
  /** Record-page features switched off per CRM (the kill switch); absent from older servers. */
  crmFeaturesOff: z.array(CrmFeatureOff).default([]),
});
export type Me = z.infer<typeof Me>;
