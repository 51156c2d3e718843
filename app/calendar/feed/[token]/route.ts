// A user's private calendar feed, for Google or Apple Calendar to subscribe to: it carries no
// session, only the secret token in its address (regenerating it revokes this one). An unknown,
// malformed or revoked token gets a 404 and learns nothing.
import type { NextRequest } from "next/server";
import { FEED_TOKEN_PATTERN, parseCalendarFeed } from "@/lib/calendar/feed";
import { partiesCalendar } from "@/lib/calendar/ics";
import { calendarResponse, plainResponse, requestOrigin } from "@/lib/calendar/response";
import { createAnonymousClient } from "@/lib/supabase/anonymous";

/** How often a subscribed calendar should fetch again. */
const REFRESH_MINUTES = 60;

export async function GET(request: NextRequest, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  if (!FEED_TOKEN_PATTERN.test(token)) return plainResponse(404, "No such calendar");
  try {
    const { data, error } = await createAnonymousClient().rpc("calendar_feed", { p_token: token });
    if (error) throw error;
    const feed = parseCalendarFeed(data);
    if (!feed) return plainResponse(404, "No such calendar");
    const body = partiesCalendar(feed.parties, {
      name: `Watch parties of ${feed.displayName}`,
      origin: requestOrigin(request),
      refreshMinutes: REFRESH_MINUTES,
    });
    return calendarResponse(body, "watch-parties.ics", "inline");
  } catch (error) {
    console.error("calendar feed failed", error);
    return plainResponse(503, "The calendar could not be made. Please try again.");
  }
}
