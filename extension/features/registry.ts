// The features that run on CRM record pages, in start order (a feature that listens for another's
// requests starts before it). Adding a capability is one file and one entry here.
import { adaptiveLoop } from "./adaptive-loop.ts";
import { leadPanel } from "./lead-panel.tsx";
import { leadSync } from "./lead-sync.ts";
import { outcomePopup } from "./outcome-popup.tsx";
import { stageWatcher } from "./stage-watcher.ts";
import type { Feature } from "./types.ts";

export const features: readonly Feature[] = [leadSync, adaptiveLoop, outcomePopup, leadPanel, stageWatcher];
