// How to speak of a buyer: a persona as a noun ("a procurement lead"), with its article.
import type { Persona } from "@dq/shared";

export const PERSONA_NOUN: Record<Persona, string> = {
  enterprise_buyer: "enterprise buyer",
  smb_owner: "small-business owner",
  technical_evaluator: "technical evaluator",
  procurement: "procurement lead",
  executive: "executive",
  champion: "internal champion",
  gatekeeper: "gatekeeper",
};

/** "a procurement lead", "an executive". */
export const article = (noun: string) => `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun.toLowerCase()}`;

export const buyerNoun = (p: Persona) => article(PERSONA_NOUN[p]);
