"use client";

// The habitat's members with their roles. Owners and moderators see, on each member below them, a
// role to give (up to their own) and Remove; the database decides either way.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { ConfirmButton } from "@/components/confirm-button";
import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ErrorAlert } from "@/components/ui/error-alert";
import { INPUT_CLASS } from "@/components/ui/form-field";
import { assignableRoles, canManageMember, roleLabel } from "@/lib/habitats/roles";
import type { HabitatMember, HabitatRole } from "@/lib/streaming/types";
import { useServerAction } from "@/lib/use-server-action";
import { changeMemberRole, removeMember } from "./actions";

export interface MembersSectionProps {
  habitatId: string;
  members: readonly HabitatMember[];
  viewerId: string;
  viewerRole: HabitatRole;
}

export function MembersSection({ habitatId, members, viewerId, viewerRole }: MembersSectionProps) {
  return (
    <ul aria-label="Members" className="divide-y divide-border">
      {members.map((member) => (
        <li key={member.userId} className="flex flex-wrap items-center gap-3 py-3">
          <Avatar name={member.displayName} url={null} size={32} />
          <span className="mr-auto font-medium">
            {member.displayName}
            {member.userId === viewerId ? <span className="font-normal text-muted"> (you)</span> : null}
          </span>
          <Badge tone={member.role === "owner" ? "host" : "neutral"}>{roleLabel(member.role)}</Badge>
          {member.userId !== viewerId && canManageMember(viewerRole, member.role) ? (
            <MemberControls habitatId={habitatId} member={member} viewerRole={viewerRole} />
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function MemberControls({ habitatId, member, viewerRole }: { habitatId: string; member: HabitatMember; viewerRole: HabitatRole }) {
  const router = useRouter();
  const id = useId();
  const [role, setRole] = useState<HabitatRole>(member.role);
  const { pending, error, run } = useServerAction();
  const refresh = () => router.refresh();
  return (
    <div className="flex w-full flex-wrap items-center gap-2 sm:w-auto">
      <label htmlFor={`${id}-role`} className="sr-only">
        Role for {member.displayName}
      </label>
      <select
        id={`${id}-role`}
        value={role}
        onChange={(event) => setRole(event.target.value as HabitatRole)}
        className={`${INPUT_CLASS} mt-0 w-auto border-border py-1`}
      >
        {assignableRoles(viewerRole).map((option) => (
          <option key={option} value={option}>
            {roleLabel(option)}
          </option>
        ))}
      </select>
      {role === "owner" ? (
        // owners do not change each other's roles: making an owner is not taken back
        <ConfirmButton
          label="Change role"
          question={`Make ${member.displayName} an owner? Owners cannot change each other's roles.`}
          confirmLabel="Yes, make owner"
          variant="secondary"
          pending={pending}
          onConfirm={() => run(() => changeMemberRole({ habitatId, userId: member.userId, role }), refresh)}
        />
      ) : (
        <Button
          variant="secondary"
          size="sm"
          pending={pending}
          unavailable={role === member.role}
          onClick={() => run(() => changeMemberRole({ habitatId, userId: member.userId, role }), refresh)}
        >
          Change role
        </Button>
      )}
      <Button
        variant="danger"
        size="sm"
        pending={pending}
        onClick={() => run(() => removeMember({ habitatId, userId: member.userId }), refresh)}
      >
        Remove
      </Button>
      <ErrorAlert message={error} className="w-full" />
    </div>
  );
}
