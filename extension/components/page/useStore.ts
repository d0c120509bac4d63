import { useSyncExternalStore } from "react";
import type { LeadState, LeadStore } from "../../features/store.ts";

export function useLeadState(store: LeadStore): LeadState {
  return useSyncExternalStore(
    (cb) => store.subscribe(cb),
    () => store.get(),
  );
}
