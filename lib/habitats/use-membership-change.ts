"use client";

// After joining, leaving or deleting a habitat: the dashboard's cached parties are another set of
// habitats' now, so they are read again, and the browser moves on to `path`.
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback } from "react";
import { queryKeys } from "@/lib/streaming/queries";

export function useMembershipChange(): (path: string) => void {
  const router = useRouter();
  const queryClient = useQueryClient();
  return useCallback(
    (path: string) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.upcomingParties() });
      router.push(path);
    },
    [router, queryClient],
  );
}
