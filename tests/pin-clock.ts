// `DQ_NOW=<date> npm test` runs the unit tests on that calendar day too (as worker/test/pin-clock.ts does for the
// worker suite): Date starts at the pinned moment and runs on in real time. Unset, nothing changes.
import { vi } from "vitest";
import { pinnedNow } from "../scripts/lib/clock.ts";

const now = pinnedNow();
if (now) vi.useFakeTimers({ now, toFake: ["Date"], shouldAdvanceTime: true });
