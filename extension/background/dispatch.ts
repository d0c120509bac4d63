// The background's message boundary: find the message's entry, check who sent it against the
// entry's rule, parse the request with its schema, answer in the envelope. Nothing is trusted
// before that, and nothing is parsed for a sender that may not ask.
import { messageRequests, messages, type MessageEnvelope, type MessageFailure, type MessageType, type SenderKind } from "@dq/shared";
import { crmHostMatches } from "../crm/registry.ts";
import { ApiError } from "./api.ts";
import { DispatchError, type Handler, type Handlers, type Sender } from "./context.ts";

export function toFailure(err: unknown): MessageFailure {
  if (err instanceof DispatchError) return err.failure;
  if (err instanceof ApiError) return { code: err.code, message: err.message, status: err.status, ...(err.issues ? { issues: err.issues } : {}) };
  return { code: "internal", message: err instanceof Error ? err.message : String(err) };
}

/** Does `url` fall under a manifest match pattern (`https://*.pipedrive.com/*`, `http://127.0.0.1:8790/*`)? */
export function matchesPattern(pattern: string, url: URL): boolean {
  const m = /^(\*|https?):\/\/([^/]+)(\/.*)$/.exec(pattern);
  if (!m) return false;
  const [, scheme, host, path] = m as unknown as [string, string, string, string];
  if (scheme === "*" ? url.protocol !== "http:" && url.protocol !== "https:" : url.protocol !== `${scheme}:`) return false;
  const actual = host.includes(":") ? url.host : url.hostname;
  if (host !== "*" && host !== actual && !(host.startsWith("*.") && (actual === host.slice(2) || actual.endsWith(host.slice(1))))) return false;
  const glob = new RegExp(`^${path.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
  return glob.test(url.pathname + url.search);
}

/** A page of a supported CRM (the hosts the content scripts run on). */
export function isCrmUrl(href: string, patterns: readonly string[] = crmHostMatches): boolean {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  return patterns.some((p) => matchesPattern(p, url));
}

/**
 * What kind of sender this is, or null when it is none Deal Quest answers: another extension, a
 * tab that is not a supported CRM, a frame without a URL.
 */
export function senderKind(sender: Sender, extensionOrigin: string): SenderKind | null {
  if (!sender.id || sender.id !== new URL(extensionOrigin).host) return null;
  const url = sender.url ?? "";
  if (url.startsWith(extensionOrigin)) return "extension-page";
  if (sender.tab?.id !== undefined && isCrmUrl(url)) return "crm-page";
  return null;
}

const refusal = (code: string, message: string): MessageEnvelope<MessageType> => ({ ok: false, error: { code, message } });

/**
 * Checks, validates and routes one message. Handlers run synchronously up to their first `await`,
 * so a user gesture (needed by sidePanel.open) is still active when they start.
 */
export async function dispatch(raw: unknown, sender: Sender, handlers: Handlers, extensionOrigin: string): Promise<MessageEnvelope<MessageType>> {
  const type = typeof raw === "object" && raw !== null ? (raw as { type?: unknown }).type : undefined;
  if (typeof type !== "string" || !Object.hasOwn(messages, type)) return refusal("invalid_message", "Deal Quest could not understand this request.");
  const entry = messages[type as MessageType];
  const kind = senderKind(sender, extensionOrigin);
  if (!kind || !entry.from.includes(kind)) {
    return refusal("forbidden", entry.from.includes("extension-page") ? "Only Deal Quest's own pages can do this." : "Only Deal Quest on a supported CRM page can do this.");
  }
  const parsed = messageRequests[type as MessageType].safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: "invalid_message",
        message: "Deal Quest could not understand this request.",
        issues: parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === "number" ? p : String(p))), message: i.message, code: i.code })),
      },
    };
  }
  try {
    const handler = handlers[type as MessageType] as Handler<MessageType>;
    const data = await handler(parsed.data as never, sender);
    return { ok: true, data } as MessageEnvelope<MessageType>;
  } catch (err) {
    return { ok: false, error: toFailure(err) };
  }
}

/** True for messages meant for the background (pages also receive the background's broadcasts). */
export function isRequest(raw: unknown): boolean {
  return typeof raw === "object" && raw !== null && typeof (raw as { type?: unknown }).type === "string" && (raw as { type: string }).type !== "sidepanel.navigate";
}
