// The product's fixed vocabulary: every enum the API, the worker and the extension speak.
// Strategies and tactics are the default playbook; a team may add its own (see team settings).
import { z } from "zod";
import { crms, categories, difficulties, industries, leadStatuses, lostReasons, personas, results, roles } from "./terms.ts";

// The plain lists, labels and the default playbook live in terms.ts (no zod: the CRM page imports them).
export * from "./terms.ts";

export const Category = z.enum(categories);
export type Category = z.infer<typeof Category>;

export const Difficulty = z.enum(difficulties);
export type Difficulty = z.infer<typeof Difficulty>;

export const Persona = z.enum(personas);
export type Persona = z.infer<typeof Persona>;

export const Industry = z.enum(industries);
export type Industry = z.infer<typeof Industry>;

export const Crm = z.enum(crms);
export type Crm = z.infer<typeof Crm>;

export const LeadStatus = z.enum(leadStatuses);
export type LeadStatus = z.infer<typeof LeadStatus>;

export const Result = z.enum(results);
export type Result = z.infer<typeof Result>;

export const LostReason = z.enum(lostReasons);
export type LostReason = z.infer<typeof LostReason>;

export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

