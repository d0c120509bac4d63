// What a CRM adapter provides. URL first (stable), DOM second and defensive: an adapter never
// throws into the host page; a field it cannot read is simply absent and the panel asks the rep.
import type { Crm } from "@dq/shared";

export type RecordKind = "deal" | "opportunity" | "lead" | "contact" | "person" | "account";

/** A record page, recognised from its URL alone. */
export interface RecordRef {
  crm: Crm;
  /** The record's id in its CRM; deals use the raw id (what CRM webhooks report), others a prefix. */
  externalId: string;
  kind: RecordKind;
}

/** What could be read from the page; every field is optional. */
export interface LeadReading {
  name?: string;
  company?: string;
  /** The stage label as the page shows it ("Closed Won", "Appointment Scheduled"). */
  stage?: string;
  /** Set when the page says the deal is closed. */
  closed?: "won" | "lost";
  amount?: number;
  currency?: string;
}

export interface CrmAdapter {
  id: Crm;
  label: string;
  /** Content-script match patterns for the CRM's hosts (never broader than needed). */
  hostMatches: string[];
  /**
   * Match patterns for the CRM's record pages: every URL `matches` recognises, and as little else as
   * patterns allow. The lead UI is declared for them (it loads with the page, no round trip to the
   * background); the small CRM script runs on the host's other pages and injects it on navigation.
   */
  recordMatches: string[];
  /** The record this URL shows, or null when it is not a record page this adapter knows. */
  matches(url: URL): RecordRef | null;
  /** Reads what the page shows about the record. Never throws. */
  readLead(doc: Document, ref: RecordRef): LeadReading;
  /** The narrowest stable element whose subtree shows the record (observed for changes); null → body. */
  watchRoot(doc: Document): Element | null | undefined;
  /** Calls `onChange` with the new reading whenever the record's stage (or closed state) changes. */
  observeStage(doc: Document, ref: RecordRef, onChange: (reading: LeadReading) => void, signal: AbortSignal): void;
  /** The element the Deal Quest UI attaches to (a fixed overlay, so the host layout is untouched). */
  mountPoint(doc: Document): Element;
}
