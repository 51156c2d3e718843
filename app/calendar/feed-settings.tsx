"use client";

// Making, replacing and turning off the private feed address. The address holds a secret token
// that the database keeps only as a hash: it is shown once, right after it is made.
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/local-time";
import { regenerateCalendarFeed, revokeCalendarFeed } from "./actions";

type Feed = { state: "none" } | { state: "hidden"; createdAt: string } | { state: "shown"; url: string };

export function CalendarFeedSettings({ createdAt }: { createdAt: string | null }) {
  const [feed, setFeed] = useState<Feed>(createdAt ? { state: "hidden", createdAt } : { state: "none" });
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const regenerate = () =>
    startTransition(async () => {
      setError(null);
      const result = await regenerateCalendarFeed();
      if (result.ok) setFeed({ state: "shown", url: `${window.location.origin}/calendar/feed/${result.data.token}` });
      else setError(result.error);
    });
  const revoke = () =>
    startTransition(async () => {
      setError(null);
      const result = await revokeCalendarFeed();
      if (result.ok) setFeed({ state: "none" });
      else setError(result.error);
    });

  return (
    <div className="space-y-4">
      {feed.state === "none" ? <p>You have no calendar feed.</p> : null}
      {feed.state === "hidden" ? (
        <p>
          Your feed address was made on <LocalTime iso={feed.createdAt} />. It is shown only once; make a new one to see an address again
          (the old one stops working).
        </p>
      ) : null}
      {feed.state === "shown" ? (
        <div className="space-y-2">
          <label htmlFor="feed-url" className="block font-medium">
            Your private feed address
          </label>
          <input
            id="feed-url"
            readOnly
            value={feed.url}
            onFocus={(event) => event.target.select()}
            className="w-full rounded-md border border-border bg-surface-raised px-3 py-2 font-mono text-sm"
          />
          <p className="text-sm text-muted">
            Copy it now: it is not shown again. In Google Calendar: Other calendars → From URL. On an Apple device:{" "}
            <a href={feed.url.replace(/^https?:/, "webcal:")} className="text-accent underline underline-offset-4">
              subscribe in Calendar
            </a>
            .
          </p>
        </div>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button onClick={regenerate} pending={pending}>
          {feed.state === "none" ? "Make a feed address" : "Make a new feed address"}
        </Button>
        {feed.state !== "none" ? (
          <Button variant="danger" onClick={revoke} pending={pending}>
            Turn off the feed
          </Button>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
