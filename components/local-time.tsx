"use client";

import { useHydrated } from "@/lib/use-now";

const LOCAL = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const UTC = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** A date and time in the reader's own time zone (UTC until the page has hydrated). */
export function LocalTime({ iso }: { iso: string }) {
  const hydrated = useHydrated();
  const date = new Date(iso);
  return <time dateTime={iso}>{hydrated ? LOCAL.format(date) : `${UTC.format(date)} UTC`}</time>;
}
