import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { NotificationsRepository } from "@/lib/notifications/notifications-repository";
import { getServerClient, requireViewer } from "@/lib/session";
import { CalendarFeedSettings } from "./feed-settings";

export const metadata: Metadata = { title: "Calendar feed" };

export default async function CalendarPage() {
  await requireViewer("/calendar");
  const createdAt = await new NotificationsRepository(await getServerClient()).feedCreatedAt();
  return (
    <div className="max-w-2xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">Calendar feed</h1>
        <p className="text-muted">
          A private address that Google Calendar, Apple Calendar or Outlook can subscribe to: the parties you joined show up there and
          follow every change, with an alarm where your reminder is on. Anyone with the address sees your parties, so keep it to yourself;
          make a new one whenever you like, and the old one stops working at once.
        </p>
      </div>
      <Card>
        <CalendarFeedSettings createdAt={createdAt} />
      </Card>
      <p className="text-sm text-muted">To add a single party instead, use “Add to calendar” in its room.</p>
    </div>
  );
}
