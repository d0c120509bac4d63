// Typed requests between features on one record page.
import type { Result } from "@dq/shared";

export interface RecordEventMap {
  /**
   * Open the outcome popup: from "Log outcome", a stage turning closed, a revisit of an unanswered
   * closure, or a closure the CRM reported (webhook) that awaits the rep's answers.
   */
  "outcome:open": { reason: "button" | "stage" | "revisit" | "crm"; result?: Result };
}

export class RecordEvents {
  private readonly target = new EventTarget();

  emit<K extends keyof RecordEventMap>(type: K, detail: RecordEventMap[K]) {
    this.target.dispatchEvent(new CustomEvent(type, { detail }));
  }

  on<K extends keyof RecordEventMap>(type: K, listener: (detail: RecordEventMap[K]) => void, signal: AbortSignal) {
    this.target.addEventListener(type, (e) => listener((e as CustomEvent<RecordEventMap[K]>).detail), { signal });
  }
}
