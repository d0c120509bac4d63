// Small display helpers for the on-page UI.
import type { LeadView, ScenarioDraftState, SyncSummary } from "@dq/shared";

/** Currencies written with a symbol before the amount; any other code follows it ("48,000 CHF"). */
const SYMBOLS: Record<string, string> = { USD: "$", EUR: "€", GBP: "£", JPY: "¥", INR: "₹" };

/**
 * "$48,000", "48,000 CHF": whole units, thousands grouped with commas. Deliberately not
 * Intl.NumberFormat (or toLocaleString): the first Intl call in a renderer loads ICU's locale data,
 * a 70–250 ms task on the host page's main thread (panel benchmark), for a figure the rep reads at a glance.
 */
export function formatAmount(amount: number | null | undefined, currency: string | null | undefined): string | null {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return null;
  const whole = Math.round(Math.abs(amount));
  const grouped = (Number.isSafeInteger(whole) ? String(whole) : whole.toFixed(0)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const sign = amount < 0 && whole !== 0 ? "-" : "";
  if (!currency) return `${sign}${grouped}`;
  const symbol = SYMBOLS[currency];
  return symbol ? `${sign}${symbol}${grouped}` : `${sign}${grouped} ${currency}`;
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
