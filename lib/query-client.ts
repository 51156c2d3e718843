import { QueryClient, environmentManager } from "@tanstack/react-query";

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Data rendered on the server should not be refetched the moment it hydrates.
        staleTime: 60 * 1000,
        // Realtime does not replay events missed while a tab was hidden or offline,
        // so coming back always refetches, however fresh the cache looks.
        refetchOnWindowFocus: "always",
        refetchOnReconnect: "always",
      },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

/** A new client per server render; one shared client for the lifetime of a browser tab. */
export function getQueryClient(): QueryClient {
  if (environmentManager.isServer()) {
    return makeQueryClient();
  }
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}
