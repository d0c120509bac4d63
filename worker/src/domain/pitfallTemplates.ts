// Pitfalls for scenarios drafted from deals, the casebook and company knowledge: the moves a coach
// marks down in each kind of situation, with the phrases that reveal them. A phrase that would fire on
// the scenario's own model answer is dropped (a pitfall must never mark down the ideal), and a pitfall
// left without phrases is left out; an empty list is a valid result.
import type { Category, RubricPitfall } from "@dq/shared";
import { pitfallPhrasesFiringOn } from "./scoring.ts";

const DISPARAGING: RubricPitfall = {
  id: "disparages_current_way",
  move: "Disparaging how the buyer works today",
  penalty: 3,
  phrases: ["outdated", "doesn't scale", "old fashioned", "a mess", "stone age", "just doesn't work"],
  why: "Calling their current way bad makes the buyer defend it; credit what works and ask what it costs them.",
};

const PUSHING_MEETING: RubricPitfall = {
  id: "pushes_meeting_unearned",
  move: "Pushing for a meeting before earning it",
  penalty: 2,
  phrases: ["hop on a call", "just 15 minutes of your time", "book a demo right now", "when can we meet"],
  why: "A meeting ask lands only after you have given the buyer a reason; lead with what is in it for them.",
};

const BY_CATEGORY: Record<Category, RubricPitfall[]> = {
  pricing: [
    {
      id: "dodges_price",
      move: "Dodging a direct price question",
      penalty: 4,
      phrases: ["depends on a lot of factors", "hard to say", "rather not quote", "can't give you a number", "talk about price later"],
      why: "A buyer who asks for the price and gets a dodge stops trusting the rest; give a range and what drives it.",
    },
    {
      id: "discounts_unprompted",
      move: "Discounting before being asked",
      penalty: 3,
      phrases: ["knock off", "special discount", "cut the price", "lower the price for you"],
      why: "An unprompted discount tells the buyer the price was never real.",
    },
  ],
  negotiation: [
    {
      id: "concedes_without_trade",
      move: "Conceding without getting something back",
      penalty: 4,
      phrases: ["we can do that discount", "fine, we'll match", "I'll throw in", "we'll just drop the price"],
      why: "Every concession should buy something: a longer term, a faster signature, a case study.",
    },
  ],
  objection_handling: [
    {
      id: "argues_with_buyer",
      move: "Arguing with the buyer",
      penalty: 3,
      phrases: ["you're wrong", "that's not true", "you don't understand", "with all due respect"],
      why: "Winning the argument loses the deal; acknowledge the concern, then explore it.",
    },
    DISPARAGING,
  ],
  discovery: [DISPARAGING, { ...PUSHING_MEETING, id: "pitches_before_listening", move: "Pitching before listening", phrases: ["our platform does", "let me show you our features", "our product can"] }],
  cold_outreach: [PUSHING_MEETING, { id: "generic_opener", move: "A generic opener", penalty: 2, phrases: ["hope this finds you well", "I wanted to reach out", "just checking in"], why: "A line that could go to anyone tells the buyer you did no homework." }],
  meeting_booking: [PUSHING_MEETING],
  closing: [
    {
      id: "pressure_tactics",
      move: "Pressuring the buyer to sign",
      penalty: 3,
      phrases: ["sign today", "offer expires", "last chance", "need an answer now"],
      why: "Artificial urgency costs trust at the moment you most need it; tie timing to the buyer's own deadline.",
    },
  ],
  re_engagement: [
    {
      id: "guilt_trips",
      move: "Guilt-tripping a quiet buyer",
      penalty: 2,
      phrases: ["you never replied", "ignored my emails", "haven't heard back", "just following up again"],
      why: "Blame makes silence permanent; bring something new and make replying easy.",
    },
  ],
  networking: [
    {
      id: "pitches_too_early",
      move: "Pitching in a networking moment",
      penalty: 3,
      phrases: ["our product", "buy our", "pricing starts at", "book a demo"],
      why: "A first contact that opens with a pitch closes the door; give before you ask.",
    },
  ],
};

/** The category's pitfalls, minus any phrase that the scenario's own model answer would trip. */
export function pitfallsFor(category: Category, idealResponse: string): RubricPitfall[] {
  const out: RubricPitfall[] = [];
  for (const p of BY_CATEGORY[category]) {
    const firing = new Set(pitfallPhrasesFiringOn(idealResponse, p.phrases));
    const phrases = p.phrases.filter((ph) => !firing.has(ph));
    if (phrases.length > 0) out.push({ ...p, phrases });
  }
  return out.slice(0, 8);
}
