// Health and vocabulary.
import { z } from "zod";
import { Timestamp } from "./common.ts";

export const Health = z.object({
  status: z.literal("ok"),
  version: z.string(),
  migrations: z.object({ applied: z.number().int(), latest: z.string().nullable() }),
  time: Timestamp,
});
export type Health = z.infer<typeof Health>;

const Entry = z.object({ id: z.string(), label: z.string() });
const PlaybookItem = Entry.extend({ description: z.string(), custom: z.boolean() });

export const Vocabulary = z.object({
  categories: z.array(Entry),
  difficulties: z.array(z.string()),
  personas: z.array(Entry),
  industries: z.array(z.string()),
  leadStatuses: z.array(z.string()),
  results: z.array(z.string()),
  lostReasons: z.array(Entry),
  crms: z.array(z.string()),
  strategies: z.array(PlaybookItem),
  tactics: z.array(PlaybookItem),
});
export type Vocabulary = z.infer<typeof Vocabulary>;
