// The .ics the app writes, read back by a real iCalendar parser (ical.js): valid RFC 5545 with a
// stable UID, the party's URL, start and end, and an alarm at the lead time.
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { parseCalendarFeed } from "./feed";
import { partiesCalendar, partyEventUid, type CalendarParty } from "./ics";

const party: CalendarParty = {
  id: "f11a0000-0000-4000-8000-000000000001",
  title: 'Big Buck Bunny, premiere; with "quotes"',
  description: "A short film.\nJoin early to host.",
  habitatName: "Movie Night",
  scheduledStart: "2026-12-24T19:00:00.000Z",
  scheduledEnd: "2026-12-24T21:30:00.000Z",
  status: "scheduled",
  alarmMinutes: 15,
};
const options = { name: "Big Buck Bunny", origin: "https://watch.example" };

function events(ics: string): ICAL.Event[] {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  expect(calendar.name).toBe("vcalendar");
  expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
  expect(calendar.getFirstPropertyValue("prodid")).toBeTruthy();
  return calendar.getAllSubcomponents("vevent").map((vevent) => new ICAL.Event(vevent));
}

describe("a party as an .ics file", () => {
  it("one event: stable UID, title, start, end, URL, and a display alarm at the lead time", () => {
    const [event] = events(partiesCalendar([party], options));
    expect(event!.uid).toBe(partyEventUid(party.id));
    expect(event!.summary).toBe(party.title);
    expect(event!.startDate.toJSDate().toISOString()).toBe(party.scheduledStart);
    expect(event!.endDate.toJSDate().toISOString()).toBe(party.scheduledEnd);
    expect(event!.component.getFirstPropertyValue("url")).toBe(`https://watch.example/parties/${party.id}`);
    expect(event!.description).toContain("Join early to host.");
    expect(event!.component.getFirstPropertyValue("status")).toBe("CONFIRMED");
    const [alarm] = event!.component.getAllSubcomponents("valarm");
    expect(alarm!.getFirstPropertyValue("action")).toBe("DISPLAY");
    expect(String(alarm!.getFirstPropertyValue("trigger"))).toBe("-PT15M");
    expect(alarm!.getFirstPropertyValue("description")).toBeTruthy();
  });

  it("the same UID on every export, and a SEQUENCE that never goes down, so re-importing updates the event", () => {
    const first = events(partiesCalendar([party], options))[0]!;
    const moved = events(partiesCalendar([{ ...party, scheduledStart: "2026-12-24T20:00:00.000Z", alarmMinutes: 60 }], options))[0]!;
    expect(moved.uid).toBe(first.uid);
    expect(moved.sequence).toBeGreaterThanOrEqual(first.sequence);
    expect(String(moved.component.getFirstSubcomponent("valarm")!.getFirstPropertyValue("trigger"))).toBe("-PT1H");
  });

  it("no end: four hours long; cancelled: STATUS:CANCELLED and no alarm; no lead time: no alarm", () => {
    const [open, cancelled, silent] = events(
      partiesCalendar(
        [
          { ...party, id: "a", scheduledEnd: null },
          { ...party, id: "b", status: "cancelled" },
          { ...party, id: "c", alarmMinutes: null },
        ],
        options,
      ),
    );
    expect(open!.endDate.toJSDate().getTime() - open!.startDate.toJSDate().getTime()).toBe(4 * 3600_000);
    expect(cancelled!.component.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(cancelled!.component.getAllSubcomponents("valarm")).toEqual([]);
    expect(silent!.component.getAllSubcomponents("valarm")).toEqual([]);
  });

  it("a feed: its name and how often to refresh", () => {
    const ics = partiesCalendar([party], { ...options, name: "Watch parties of Alice", refreshMinutes: 60 });
    const calendar = new ICAL.Component(ICAL.parse(ics));
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("Watch parties of Alice");
    expect(String(calendar.getFirstPropertyValue("x-published-ttl"))).toBe("PT1H");
    expect(ics.split("\r\n").every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true);
  });
});

describe("the feed function's answer", () => {
  it("becomes calendar parties, with an alarm only where the reminder is on", () => {
    const row = {
      id: "p",
      title: "T",
      description: null,
      habitatName: "H",
      scheduledStart: party.scheduledStart,
      scheduledEnd: null,
      status: "scheduled",
    };
    expect(
      parseCalendarFeed({
        displayName: "Alice",
        parties: [
          { ...row, reminderEnabled: true, leadMinutes: 5 },
          { ...row, id: "q", reminderEnabled: false, leadMinutes: 15 },
        ],
      }),
    ).toEqual({
      displayName: "Alice",
      parties: [
        { ...row, alarmMinutes: 5 },
        { ...row, id: "q", alarmMinutes: null },
      ],
    });
    expect(parseCalendarFeed(null)).toBeNull();
    expect(parseCalendarFeed({ parties: "nope" })).toBeNull();
  });
});
