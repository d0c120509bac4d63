// Typed messages to the background. Senders (content scripts, extension pages) import only types
// from here and from @dq/shared — no zod — so the small CRM page script stays small. The
// background validates every message it receives (see extension/background/dispatch.ts).
import { browser } from "wxt/browser";
import type { MessageEnvelope, MessageFailure, MessageOf, MessageResult, MessageType } from "@dq/shared";

export class MessageError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly issues: MessageFailure["issues"];
  constructor(failure: MessageFailure) {
    super(failure.message);
    this.name = "MessageError";
    this.code = failure.code;
    this.status = failure.status;
    this.issues = failure.issues;
  }
}

/** Sends one message to the background and returns its typed answer (throws MessageError). */
export async function send<T extends MessageType>(message: { type: T } & MessageOf<T>): Promise<MessageResult<T>> {
  let answer: MessageEnvelope<T> | undefined;
  try {
    answer = (await browser.runtime.sendMessage(message)) as MessageEnvelope<T> | undefined;
  } catch (err) {
    // The extension was reloaded or updated under this page: its old scripts cannot talk to it.
    throw new MessageError({ code: "extension_unavailable", message: `Deal Quest is not available on this page anymore (${(err as Error).message}). Reload the page.` });
  }
  if (!answer) throw new MessageError({ code: "no_answer", message: "Deal Quest's background did not answer." });
  if (!answer.ok) throw new MessageError(answer.error);
  return answer.data;
}
