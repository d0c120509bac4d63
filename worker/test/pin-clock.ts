// `DQ_NOW=<date> npm test` runs the whole worker suite on that calendar day: Date (in the tests and in the
// worker code they call, which share this isolate) starts at the pinned moment and runs on in real time.
// Unset, nothing changes. Used to prove the suite does not depend on today's date (month and year ends).
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import { pinnedNow } from "../../scripts/lib/clock.ts";

const now = pinnedNow({ DQ_NOW: env.DQ_TEST_NOW });
if (now) vi.useFakeTimers({ now, toFake: ["Date"], shouldAdvanceTime: true });
