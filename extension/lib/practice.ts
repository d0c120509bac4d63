// Which practice fits a lead: a category from where the deal stands, and the buyer's persona.
import type { Category, LeadView } from "@dq/shared";
import type { LeadReading } from "../crm/types.ts";
import { routeHash } from "./routes.ts";

/** Stage keywords, checked in order: the first that matches names the skill this stage needs. */
const STAGE_SKILLS: Array<[RegExp, Category]> = [
  [/negotiat|contract|legal|procure|redline/i, "negotiation"],
  [/proposal|quote|pricing|price/i, "pricing"],
  [/decision|commit|verbal|closing|signature/i, "closing"],
  [/meeting|appointment|demo|scheduled|presentation/i, "meeting_booking"],
  [/qualif|discovery|working|needs|in progress|connected/i, "discovery"],
  [/new|prospect|lead|attempt|open|contacted|cold/i, "cold_outreach"],
];

export function practiceCategory(stage: string | null | undefined, status: LeadView["status"] | undefined): Category {
  if (status === "ghosted" || status === "lost") return "re_engagement";
  if (status === "won") return "closing";
  for (const [re, category] of STAGE_SKILLS) if (stage && re.test(stage)) return category;
  return "discovery";
}

/** The side-panel route "Practice" opens for this lead. */
export function practiceHash(view: LeadView | null, reading: LeadReading | null): string {
  // The page as it is now first: the stored view may predate the last stage change.
  const stage = reading?.stage ?? view?.stage;
  const status = view?.status ?? (reading?.closed as LeadView["status"] | undefined);
  return routeHash({
    name: "practice",
    category: practiceCategory(stage, status),
    ...(view?.persona ? { persona: view.persona } : {}),
    ...(view ? { lead: `${view.crm}:${view.externalId}` } : {}),
  });
}
