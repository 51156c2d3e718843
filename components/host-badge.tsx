import { Badge } from "@/components/ui/badge";

/** Marks the party's host in the participant list. */
export function HostBadge() {
  return <Badge tone="host">Host</Badge>;
}
