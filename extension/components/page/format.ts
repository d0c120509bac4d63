// Small display helpers for the on-page UI.
import type { LeadView, ScenarioDraftState, SyncSummary } from "@dq/shared";

/** One formatter per currency: building an Intl.NumberFormat is the costly part, and the panel re-renders often. */
const formatters = new Map<string, Intl.NumberFormat>();

export function formatAmount(amount: number | null | undefined, currency: string | null | undefined): string | null {
  if (amount === null || amount === undefined) return null;
  try {
    let f = formatters.get(currency ?? "");
    if (!f) {
      f = new Intl.NumberFormat(undefined, currency ? { style: "currency", currency, maximumFractionDigits: 0 } : { maximumFractionDigits: 0 });
      formatters.set(currency ?? "", f);
    }
    return f.format(amount);
  } catch {
    return String(amount);
  }
}

export const statusLabel: Record<LeadView["status"], string> = { open: "Open", won: "Won", lost: "Lost", ghosted: "Ghosted" };

/** "2 waiting to sync", with why when paused; tone for styling. */
export function syncLine(sync: SyncSummary | null): { text: string; tone: "ok" | "warn" | "bad" } | null {
  if (!sync) return null;
  if (sync.failed > 0) return { text: `${sync.failed} failed to sync — open Deal Quest to review`, tone: "bad" };
  if (sync.waiting > 0) {
    const why =
      sync.paused === "no_token" ? " — add your token in Deal Quest's options" : sync.paused === "unauthorized" ? " — your token was refused" : sync.paused === "offline" ? " (server unreachable)" : "";
    return { text: `${sync.waiting} waiting to sync${why}`, tone: "warn" };
  }
  return { text: "All synced", tone: "ok" };
}

/** Where a drafted team scenario goes next, in the rep's words. */
export const DRAFT_REVIEW_PLACE = "Review in Deal Quest's side panel";

/** The team scenario made from this deal: where it stands, and what happens next. */
export function draftLine(draft: ScenarioDraftState): { text: string; tone: "ok" | "warn" | "bad" } {
  if (draft.state === "sent")
    return {
      text: `Draft scenario made${draft.scenario ? `: “${draft.scenario.title}”` : ""}. It waits in ${DRAFT_REVIEW_PLACE} until you or your manager publish it to the team.`,
      tone: "ok",
    };
  if (draft.state === "failed")
    return { text: `The draft scenario could not be made: ${sentence(draft.error?.message ?? "the server refused it")} It is in the failed list in Deal Quest's popup.`, tone: "bad" };
  return { text: `Draft scenario waiting to sync: it is made once your outcome reaches Deal Quest, then waits in ${DRAFT_REVIEW_PLACE}.`, tone: "warn" };
}

const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);
