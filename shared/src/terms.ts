// The vocabulary as plain data: the lists behind every enum, their labels, the default playbook and
// the storage keys pages share. No zod here: code on a CRM page imports this module (`@dq/shared/terms`)
// and only types from the rest, so the schemas stay with the background, which validates the network.
// The types are inferred from the schemas in vocabulary.ts, where the enums are made from these lists.
import type { Category, LostReason, Persona } from "./vocabulary.ts";

export const categories = [
  "cold_outreach",
  "discovery",
  "objection_handling",
  "meeting_booking",
  "negotiation",
  "pricing",
  "closing",
  "re_engagement",
  "networking",
] as const;

export const categoryLabels: Record<Category, string> = {
  cold_outreach: "Cold outreach",
  discovery: "Discovery",
  objection_handling: "Objection handling",
  meeting_booking: "Meeting booking",
  negotiation: "Negotiation",
  pricing: "Pricing",
  closing: "Closing",
  re_engagement: "Re-engagement",
  networking: "Networking",
};

export const difficulties = ["easy", "medium", "hard"] as const;

export const personas = [
  "enterprise_buyer",
  "smb_owner",
  "technical_evaluator",
  "procurement",
  "executive",
  "champion",
  "gatekeeper",
] as const;

export const personaLabels: Record<Persona, string> = {
  enterprise_buyer: "Enterprise buyer",
  smb_owner: "Small-business owner",
  technical_evaluator: "Technical evaluator",
  procurement: "Procurement",
  executive: "Executive",
  champion: "Internal champion",
  gatekeeper: "Gatekeeper",
};

export const industries = [
  "saas",
  "manufacturing",
  "healthcare",
  "financial_services",
  "retail",
  "logistics",
  "education",
  "professional_services",
  "public_sector",
  "real_estate",
] as const;

export const crms = ["hubspot", "salesforce", "pipedrive", "sandbox"] as const;

export const leadStatuses = ["open", "won", "lost", "ghosted"] as const;

/** How a deal ended, as the rep reports it in the outcome popup. */
export const results = ["won", "lost", "ghosted"] as const;

export const lostReasons = [
  "price",
  "negotiation",
  "competitor",
  "timing",
  "no_budget",
  "no_decision",
  "product_fit",
  "champion_left",
  "other",
] as const;

export const lostReasonLabels: Record<LostReason, string> = {
  price: "Price — too expensive",
  negotiation: "Lost in negotiation (terms, contract)",
  competitor: "Went with a competitor",
  timing: "Bad timing",
  no_budget: "No budget",
  no_decision: "No decision / status quo",
  product_fit: "Product didn't fit",
  champion_left: "Our champion left",
  other: "Other",
};

export const roles = ["rep", "manager"] as const;

export interface PlaybookEntry {
  id: string;
  label: string;
  description: string;
}

/** The default playbook of engagement strategies (what the rep set out to do). */
export const defaultStrategies: PlaybookEntry[] = [
  { id: "value_selling", label: "Value selling", description: "Lead with the measurable business outcome the buyer cares about, not features." },
  { id: "consultative_discovery", label: "Consultative discovery", description: "Diagnose before prescribing: questions about pain, impact and priorities first." },
  { id: "challenger_insight", label: "Challenger insight", description: "Teach the buyer something new about their business and reframe the problem." },
  { id: "trigger_event", label: "Trigger event", description: "Reach out on a concrete change: funding, hiring, new leader, expansion, regulation." },
  { id: "referral", label: "Referral / warm intro", description: "Enter through a mutual connection, customer or partner." },
  { id: "social_proof", label: "Social proof", description: "Anchor on peers' results: case studies, references, reviews." },
  { id: "multi_threading", label: "Multi-threading", description: "Build relationships with several stakeholders so the deal does not hang on one person." },
  { id: "business_case", label: "ROI business case", description: "Build the financial case with the buyer: cost of inaction, payback, ROI." },
  { id: "land_and_expand", label: "Land and expand", description: "Start small (pilot, one team) and grow after proving value." },
  { id: "competitive_displacement", label: "Competitive displacement", description: "Win against an incumbent by exposing gaps and lowering switching risk." },
];

/** The default playbook of tactics (what the rep actually did). */
export const defaultTactics: PlaybookEntry[] = [
  { id: "personalized_email", label: "Personalized email", description: "A first email written for this person, referencing their situation." },
  { id: "cold_call", label: "Cold call", description: "An unannounced phone call." },
  { id: "linkedin_touch", label: "LinkedIn touch", description: "Connection request, comment or message on LinkedIn." },
  { id: "video_message", label: "Video message", description: "A short personalised video." },
  { id: "follow_up_sequence", label: "Follow-up sequence", description: "Several spaced follow-ups across channels." },
  { id: "case_study", label: "Case study", description: "A relevant customer story shared with the buyer." },
  { id: "live_demo", label: "Live demo", description: "A tailored product demonstration." },
  { id: "free_trial", label: "Free trial / pilot", description: "Hands-on trial or a scoped pilot." },
  { id: "roi_calculator", label: "ROI calculator", description: "A worked ROI or TCO model with the buyer's numbers." },
  { id: "mutual_action_plan", label: "Mutual action plan", description: "A shared, dated plan of the steps to a decision." },
  { id: "executive_sponsor", label: "Executive sponsor", description: "Our executive engaged their executive." },
  { id: "customer_reference", label: "Customer reference", description: "A reference call with a current customer." },
  { id: "discount", label: "Discount", description: "A price concession." },
  { id: "deadline_offer", label: "Deadline offer", description: "An incentive tied to a date." },
  { id: "champion_enablement", label: "Champion enablement", description: "Material that helps the champion sell internally." },
  { id: "breakup_email", label: "Break-up email", description: "A polite last message that invites a yes or a no." },
];

/** The storage key under which the background mirrors the `SyncSummary` (no secrets in it). */
export const SYNC_SUMMARY_KEY = "dq:sync";

/**
 * The storage key under which the background mirrors the CRM features operators switched off
 * (`Array<{ crm, feature }>` from /v1/me's `crmFeaturesOff`): record pages read it before their
 * first paint instead of waiting for the background. Absent until the background first knew.
 */
export const CRM_FEATURES_OFF_KEY = "dq:crm-features-off";
