"use client";

// "Invite": by email address (the account with that address, now or once it signs up, sees the
// invitation on its dashboard) or by link (shown once, to copy; optional expiry and use limit).
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage, INPUT_CLASS } from "@/components/ui/form-field";
import { formText } from "@/lib/form-data";
import { inviteLinkUrl } from "@/lib/habitats/invite-link";
import { LINK_EXPIRY_DAYS, LINK_USE_LIMITS } from "@/lib/habitats/schemas";
import { useServerAction } from "@/lib/use-server-action";
import { createInviteLink, inviteByEmail } from "./actions";

const SELECT_CLASS = `${INPUT_CLASS} border-border`;

/** A select's value: a number, or null for "never" / "no limit". */
function optionalNumber(value: string): number | null {
  return value === "" ? null : Number(value);
}

export function InvitePanel({ habitatId }: { habitatId: string }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <div className="space-y-4">
      <Button aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((value) => !value)}>
        Invite
      </Button>
      <div id={panelId} hidden={!open} className="grid gap-6 md:grid-cols-2">
        <EmailInvitation habitatId={habitatId} />
        <LinkInvitation habitatId={habitatId} />
      </div>
    </div>
  );
}

function EmailInvitation({ habitatId }: { habitatId: string }) {
  const router = useRouter();
  const id = useId();
  const { pending, error, run } = useServerAction();
  const [sentTo, setSentTo] = useState<string | null>(null);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const email = formText(new FormData(form), "email");
    setSentTo(null);
    run(
      () => inviteByEmail({ habitatId, email }),
      () => {
        setSentTo(email.trim());
        form.reset();
        router.refresh();
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby={`${id}-heading`} className="space-y-3">
      <h3 id={`${id}-heading`} className="font-semibold">
        Invite by email
      </h3>
      <div>
        <label htmlFor={`${id}-email`} className="text-sm font-medium">
          Email address
        </label>
        <input
          id={`${id}-email`}
          name="email"
          type="email"
          autoComplete="off"
          required
          className={`${INPUT_CLASS} ${error ? "border-danger" : "border-border"}`}
        />
      </div>
      <p className="text-sm text-muted">They see the invitation on their dashboard once they sign in (or sign up) with this address.</p>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" pending={pending}>
          Send invitation
        </Button>
        {sentTo ? (
          <p role="status" className="text-sm text-success">
            Invited {sentTo}
          </p>
        ) : null}
        <FormMessage message={error} />
      </div>
    </form>
  );
}

function LinkInvitation({ habitatId }: { habitatId: string }) {
  const router = useRouter();
  const id = useId();
  const { pending, error, run } = useServerAction();
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setCopied(null);
    run(
      () =>
        createInviteLink({
          habitatId,
          expiresInDays: optionalNumber(formText(form, "expiresInDays")),
          maxUses: optionalNumber(formText(form, "maxUses")),
        }),
      (data) => {
        setLink(inviteLinkUrl(window.location.origin, data.token));
        router.refresh();
      },
    );
  };

  const copy = async () => {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      setCopied("yes");
    } catch {
      setCopied("no");
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby={`${id}-heading`} className="space-y-3">
      <h3 id={`${id}-heading`} className="font-semibold">
        Invite with a link
      </h3>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor={`${id}-expiry`} className="text-sm font-medium">
            Expires
          </label>
          <select id={`${id}-expiry`} name="expiresInDays" defaultValue="7" className={SELECT_CLASS}>
            <option value="">Never</option>
            {LINK_EXPIRY_DAYS.map((days) => (
              <option key={days} value={days}>
                {days === 1 ? "In 1 day" : `In ${days} days`}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-uses`} className="text-sm font-medium">
            Uses
          </label>
          <select id={`${id}-uses`} name="maxUses" defaultValue="" className={SELECT_CLASS}>
            <option value="">No limit</option>
            {LINK_USE_LIMITS.map((uses) => (
              <option key={uses} value={uses}>
                {uses === 1 ? "1 person" : `${uses} people`}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="secondary" pending={pending}>
          Create invite link
        </Button>
        <FormMessage message={error} />
      </div>
      {link ? (
        <div className="space-y-2">
          <label htmlFor={`${id}-link`} className="text-sm font-medium">
            Invite link
          </label>
          <input
            id={`${id}-link`}
            readOnly
            value={link}
            onFocus={(event) => event.currentTarget.select()}
            className={`${INPUT_CLASS} border-border font-mono text-sm`}
          />
          <div className="flex flex-wrap items-center gap-3">
            <Button variant="secondary" size="sm" onClick={() => void copy()}>
              Copy link
            </Button>
            <p role="status" className="text-sm text-muted">
              {copied === "yes"
                ? "Copied"
                : copied === "no"
                  ? "Select the link above and copy it"
                  : "Shown once: copy it now and send it to whoever you invite."}
            </p>
          </div>
        </div>
      ) : null}
    </form>
  );
}
