import { QueryClient } from "@tanstack/react-query";

/** One client per page; the background already caches for offline use, so no persistence here. */
export function createQueryClient() {
  return new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 30_000, refetchOnWindowFocus: true } } });
}
