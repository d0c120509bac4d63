// dashboard.html: the manager dashboard, an extension page (opened from the popup).
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { Dashboard } from "../../components/analytics/Dashboard.tsx";

const client = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false } } });

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={client}>
      <Dashboard />
    </QueryClientProvider>
  </StrictMode>,
);
