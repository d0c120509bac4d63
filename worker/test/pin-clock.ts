// `DQ_NOW=<date> npm test` runs the whole worker suite on that calendar day: Date (in the tests and in the
// worker code they call, which share this isolate) starts at the pinned moment and runs on in real time.
// Unset, nothing changes. Used to prove the suite does not depend on today's date (month and year ends).
// (The same rule as scripts/lib/clock.ts's pinnedNow; it is not imported from there because files outside
// worker/ are compiled with the root tsconfig, which a fresh clone only has after `wxt prepare`.)
import { env } from "cloudflare:workers";
import { vi } from "vitest";

const raw = env.DQ_TEST_NOW?.trim();
if (raw) {
  const now = new Date(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T12:00:00.000Z` : raw);
  if (Number.isNaN(now.getTime())) throw new Error(`DQ_NOW is not a date: ${raw}`);
  vi.useFakeTimers({ now, toFake: ["Date"], shouldAdvanceTime: true });
}
