// Salesforce Outbound Messages: a SOAP `notifications` call with the org id and up to 100
// Notifications, each an sObject with the fields the admin selected (Opportunity: Id, StageName,
// IsClosed, IsWon, and ideally Name, OwnerId, Amount, LastModifiedDate). Salesforce resends a
// message until it gets the `<Ack>true</Ack>` answer, for up to 24 hours, and may deliver a
// notification more than once or out of order: its notification Id is the dedupe key.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { type DealEvent, WebhookPayloadError, isoTime } from "./closures.ts";

export const SALESFORCE_MAX_NOTIFICATIONS = 100;

/** The acknowledgement Salesforce expects (without it, it retries for a day). */
export const SOAP_ACK = `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
  <soapenv:Body>
    <notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound">
      <Ack>true</Ack>
    </notificationsResponse>
  </soapenv:Body>
</soapenv:Envelope>
`;

export interface OutboundMessage {
  organizationId: string;
  events: DealEvent[];
  /** Notifications that are not about Opportunities, or do not say whether the deal is closed. */
  ignored: number;
}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (_name, jpath) => jpath === "Envelope.Body.notifications.Notification",
});

const SF_ID = /^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/;

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);
/** A leaf's text (an element with only attributes, like xsi:nil, has none). */
const leaf = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : null);
const bool = (v: unknown): boolean | null => (leaf(v) === "true" ? true : leaf(v) === "false" ? false : null);

/** Two org ids name the same org when their first 15 (case-sensitive) characters match. */
export function sameOrganization(a: string, b: string): boolean {
  return a.length >= 15 && b.length >= 15 && a.slice(0, 15) === b.slice(0, 15);
}

/** The Lightning record page for an Opportunity, from the instance URL the message names. */
export function opportunityUrl(instanceUrl: string | null, id: string): string | null {
  if (!instanceUrl) return null;
  let host: string;
  try {
    host = new URL(instanceUrl).hostname.toLowerCase();
  } catch {
    return null;
  }
  if (!/^[a-z0-9.-]+\.(salesforce|force)\.com$/.test(host)) return null;
  const myDomain = /^([a-z0-9-]+(?:--[a-z0-9]+)?)\.(?:(sandbox|develop)\.)?my\.salesforce\.com$/.exec(host);
  if (myDomain) return `https://${myDomain[1]}${myDomain[2] ? `.${myDomain[2]}` : ""}.lightning.force.com/lightning/r/Opportunity/${id}/view`;
  return `https://${host}/${id}`;
}

function closedState(o: Node): DealEvent["state"] | null {
  const closed = bool(o.IsClosed);
  const won = bool(o.IsWon);
  if (closed === true) return won === null ? stageState(leaf(o.StageName)) : won ? "won" : "lost";
  if (closed === false) return "open";
  return stageState(leaf(o.StageName));
}

// Without IsClosed, only the standard closed stage names are read.
function stageState(stage: string | null): DealEvent["state"] | null {
  if (!stage) return null;
  if (/^closed[\s_-]*won$/i.test(stage)) return "won";
  if (/^closed[\s_-]*lost$/i.test(stage)) return "lost";
  return null;
}

/** Parses an Outbound Message; throws WebhookPayloadError when it is not one. */
export function parseOutboundMessage(xml: string, receivedAt: string): OutboundMessage {
  // SOAP messages carry no DTD; refusing one also refuses entity-expansion tricks.
  if (/<!DOCTYPE/i.test(xml)) throw new WebhookPayloadError("A SOAP message must not contain a DTD.");
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new WebhookPayloadError(`The body is not well-formed XML (line ${valid.err.line}: ${valid.err.msg}).`);
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch {
    throw new WebhookPayloadError("The body is not well-formed XML.");
  }
  const envelope = isNode(doc) ? doc.Envelope : undefined;
  const body = isNode(envelope) ? envelope.Body : undefined;
  const n = isNode(body) ? body.notifications : undefined;
  if (!isNode(n)) throw new WebhookPayloadError("Expected a SOAP envelope with an Outbound Message `notifications` call.");
  const organizationId = leaf(n.OrganizationId);
  if (!organizationId || !SF_ID.test(organizationId))
    throw new WebhookPayloadError("The message has no valid OrganizationId.", [{ path: ["notifications", "OrganizationId"], message: "Required." }]);
  const notifications = Array.isArray(n.Notification) ? n.Notification : [];
  if (notifications.length === 0) throw new WebhookPayloadError("The message has no Notification.");
  if (notifications.length > SALESFORCE_MAX_NOTIFICATIONS)
    throw new WebhookPayloadError(`A message carries at most ${SALESFORCE_MAX_NOTIFICATIONS} notifications.`);
  const instance = leaf(n.PartnerUrl) ?? leaf(n.EnterpriseUrl);

  const events: DealEvent[] = [];
  let ignored = 0;
  notifications.forEach((raw: unknown, i: number) => {
    const notificationId = isNode(raw) ? leaf(raw.Id) : null;
    const o = isNode(raw) ? raw.sObject : undefined;
    const id = isNode(o) ? leaf(o.Id) : null;
    if (!notificationId || !isNode(o) || !id || !SF_ID.test(id))
      throw new WebhookPayloadError("Each Notification has an Id and an sObject with an Id.", [{ path: ["Notification", i], message: "Missing Id or sObject." }]);
    const type = typeof o["@_type"] === "string" ? (o["@_type"] as string).split(":").pop() : "Opportunity";
    const state = type === "Opportunity" ? closedState(o) : null;
    if (!state) {
      ignored += 1;
      return;
    }
    const amount = leaf(o.Amount) !== null ? Number(leaf(o.Amount)) : null;
    const currency = leaf(o.CurrencyIsoCode);
    const name = leaf(o.Name);
    events.push({
      eventKey: notificationId,
      externalId: id,
      state,
      // Salesforce sends the record as it is when the message goes out, so the send time orders it.
      occurredAt: isoTime(leaf(o.LastModifiedDate)) ?? receivedAt,
      ownerCrmUserId: leaf(o.OwnerId),
      name: name ? name.slice(0, 200) : null,
      amount: amount !== null && Number.isFinite(amount) && amount >= 0 ? amount : null,
      currency: currency && /^[A-Za-z]{3}$/.test(currency) ? currency.toUpperCase() : null,
      stage: leaf(o.StageName)?.slice(0, 120) ?? null,
      url: opportunityUrl(instance, id),
    });
  });
  return { organizationId, events, ignored };
}
