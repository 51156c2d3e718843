// "Add to calendar": the party as an .ics file for the signed-in member (RLS decides whether they
// may see it; anyone else gets a 404), with an alarm at their reminder's lead time.
import type { NextRequest } from "next/server";
import { getSignedInUser } from "@/lib/auth";
import { partiesCalendar } from "@/lib/calendar/ics";
import { calendarResponse, plainResponse, requestOrigin } from "@/lib/calendar/response";
import { NotificationsRepository } from "@/lib/notifications/notifications-repository";
import { idSchema } from "@/lib/streaming/schemas";
import { StreamingRepository } from "@/lib/streaming/streaming-repository";
import { createClient } from "@/lib/supabase/server";

export async function GET(request: NextRequest, { params }: { params: Promise<{ partyId: string }> }): Promise<Response> {
  const { partyId } = await params;
  if (!idSchema.safeParse(partyId).success) return plainResponse(404, "No such party");
  try {
    const supabase = await createClient();
    const user = await getSignedInUser(supabase);
    if (!user) return plainResponse(404, "No such party");
    const streaming = new StreamingRepository(supabase);
    const party = await streaming.getParty(partyId);
    if (!party) return plainResponse(404, "No such party");
    const [habitat, lead] = await Promise.all([
      streaming.getHabitat(party.habitatId, user.id),
      new NotificationsRepository(supabase).getLeadMinutes(partyId),
    ]);
    const body = partiesCalendar([{ ...party, habitatName: habitat?.name ?? null, alarmMinutes: lead }], {
      name: party.title,
      origin: requestOrigin(request),
    });
    return calendarResponse(body, "watch-party.ics", "attachment");
  } catch (error) {
    console.error("calendar file failed", error);
    return plainResponse(503, "The calendar file could not be made. Please try again.");
  }
}
