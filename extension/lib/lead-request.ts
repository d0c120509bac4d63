// Turns a page reading into the lead upsert the background queues.
import type { UpsertLeadRequest } from "@dq/shared";
import type { LeadReading, RecordRef } from "../crm/types.ts";

export function leadRequest(record: RecordRef, reading: LeadReading, href: string): UpsertLeadRequest {
  const req: UpsertLeadRequest = { crm: record.crm, externalId: record.externalId };
  if (reading.name) req.name = reading.name.slice(0, 200);
  if (reading.company) req.company = reading.company.slice(0, 200);
  if (reading.stage) req.stage = reading.stage.slice(0, 120);
  // Only a closed stage says something about status; "ghosted" is the rep's to say, not the page's.
  if (reading.closed) req.status = reading.closed;
  if (reading.amount !== undefined && reading.amount <= 1e12) req.amount = reading.amount;
  if (reading.currency && /^[A-Z]{3}$/.test(reading.currency)) req.currency = reading.currency;
  try {
    const u = new URL(href);
    // Without query and fragment: the record's address, not the view state.
    const url = `${u.origin}${u.pathname}`;
    if (url.length <= 2048) req.url = url;
  } catch {
    // no URL then
  }
  return req;
}
