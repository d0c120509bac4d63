// The background's message boundary: parse with the shared schema, check who may ask, answer in
// the envelope. Nothing a content script sends is trusted before it is parsed.
import { ExtensionMessage, type MessageEnvelope, type MessageFailure, type MessageOf, type MessageResult, type MessageType } from "@dq/shared";
import { ApiError } from "../api.ts";

export interface Sender {
  /** The sending page's URL (a CRM page for content scripts, chrome-extension://… for pages). */
  url?: string;
  tab?: { id?: number; windowId?: number };
  frameId?: number;
}

export type Handler<T extends MessageType> = (message: MessageOf<T>, sender: Sender) => Promise<MessageResult<T>> | MessageResult<T>;
export type Handlers = { [T in MessageType]: Handler<T> };
/** A group of handlers for some messages (features register theirs in handler-groups.ts). */
export type HandlerGroup = Partial<Handlers>;

/** Messages only the extension's own pages may send (they touch the token or the settings). */
export const PAGE_ONLY: ReadonlySet<MessageType> = new Set<MessageType>(["settings.save", "settings.get", "connection.test", "outbox.discard", "analytics.team"]);

export class DispatchError extends Error {
  constructor(readonly failure: MessageFailure) {
    super(failure.message);
  }
}

export function toFailure(err: unknown): MessageFailure {
  if (err instanceof DispatchError) return err.failure;
  if (err instanceof ApiError) return { code: err.code, message: err.message, status: err.status, ...(err.issues ? { issues: err.issues } : {}) };
  return { code: "internal", message: err instanceof Error ? err.message : String(err) };
}

/**
 * Validates and routes one message. Handlers run synchronously up to their first `await`, so a
 * user gesture (needed by sidePanel.open) is still active when they start.
 */
export async function dispatch(raw: unknown, sender: Sender, handlers: HandlerGroup, extensionOrigin: string): Promise<MessageEnvelope<MessageType>> {
  const parsed = ExtensionMessage.safeParse(raw);
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
  const message = parsed.data;
  if (PAGE_ONLY.has(message.type) && !(sender.url ?? "").startsWith(extensionOrigin)) {
    return { ok: false, error: { code: "forbidden", message: "Only Deal Quest's own pages can do this." } };
  }
  try {
    const handler = handlers[message.type] as Handler<MessageType> | undefined;
    if (!handler) return { ok: false, error: { code: "unknown_message", message: `This version of Deal Quest cannot handle "${message.type}".` } };
    const data = await handler(message as never, sender);
    return { ok: true, data } as MessageEnvelope<MessageType>;
  } catch (err) {
    return { ok: false, error: toFailure(err) };
  }
}

/** True for messages meant for the background (pages also receive the background's broadcasts). */
export function isRequest(raw: unknown): boolean {
  return typeof raw === "object" && raw !== null && typeof (raw as { type?: unknown }).type === "string" && (raw as { type: string }).type !== "sidepanel.navigate";
}
