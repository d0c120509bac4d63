// A feature is one capability on a CRM record page (lead panel, outcome popup, stage watcher…):
// an id, the CRMs it applies to, and an `init` that runs on every record visit — including
// client-side navigation — and tears everything down when `signal` aborts.
import type { Crm } from "@dq/shared";
import type { ContentScriptContext } from "wxt/utils/content-script-context";
import type { CrmAdapter, RecordRef } from "../crm/types.ts";
import type { RecordEvents } from "./events.ts";
import type { LeadStore } from "./store.ts";

export interface RecordContext {
  /** WXT's content-script context (invalidated when the extension reloads). */
  wxt: ContentScriptContext;
  adapter: CrmAdapter;
  record: RecordRef;
  doc: Document;
  /** What is known about this record: the page's reading, the background's view, the sync state. */
  store: LeadStore;
  /** How features ask each other for things ("open the outcome popup"). */
  events: RecordEvents;
}

export interface Feature {
  /** Unique, kebab-case; also the file name. */
  id: string;
  /** The CRMs this feature runs on. */
  crms: readonly Crm[] | "all";
  /**
   * Started in a task of its own after the record's first render instead of in the page's
   * DOMContentLoaded task: for what is not on screen at once (requests, watchers, popups), so that
   * task stays short (panel benchmark: the host page's own style and layout run in it too).
   */
  deferred?: boolean;
  init(ctx: RecordContext, signal: AbortSignal): void | Promise<void>;
}

export const appliesTo = (feature: Feature, crm: Crm) => feature.crms === "all" || feature.crms.includes(crm);
