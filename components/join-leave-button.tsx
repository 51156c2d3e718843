import { Button } from "@/components/ui/button";

export interface JoinLeaveButtonProps {
  joined: boolean;
  pending: boolean;
  /** Why joining is not possible (the party ended), or null. Leaving is always possible. */
  joinUnavailableReason?: string | null;
  onJoin: () => void;
  onLeave: () => void;
}

/** One button that joins or leaves; it keeps its place and focus when it flips. */
export function JoinLeaveButton({ joined, pending, joinUnavailableReason = null, onJoin, onLeave }: JoinLeaveButtonProps) {
  const unavailable = !joined && joinUnavailableReason !== null;
  return (
    <Button
      variant={joined ? "secondary" : "primary"}
      pending={pending}
      unavailable={unavailable}
      title={unavailable ? joinUnavailableReason : undefined}
      className="min-w-36"
      onClick={joined ? onLeave : onJoin}
    >
      {joined ? "Leave party" : "Join party"}
    </Button>
  );
}
