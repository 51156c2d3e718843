// Remind me keeps its promise, in real time: the dispatcher runs every second (Supabase Cron on the
// local stack, rescheduled by name as a project would), a party starts shortly, and the reminders
// reach the header's bell, a toast and the browser's notifications without a reload, exactly
// once; the room says "Starting now". Then the calendar: the .ics of a party and the private feed,
// read by a real iCalendar parser, and a wrong or revoked feed token answered with a 404.
import { randomBytes } from "node:crypto";
import { request as playwrightRequest, type Page } from "@playwright/test";
import ICAL from "ical.js";
import { expect, test } from "./fixtures";
import { asSuperuser, createParty, expectNotReloaded, markPage, settled, unique, USERS } from "./helpers";
import { callServerAction } from "./server-actions";

const DISPATCH = "select private.dispatch_reminders()";
const schedule = (every: string) => asSuperuser((db) => db.query("select cron.schedule('dispatch-reminders', $1, $2)", [every, DISPATCH]));

// one after another: the first two share Bob's bell
test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  await schedule("1 seconds");
});
test.afterAll(async () => {
  await schedule("30 seconds");
});

interface NotificationLog {
  asked: number;
  shown: Array<{ title: string; body?: string }>;
}

/**
 * The browser's Notification API, as a user who answers `answer` when asked, on a page they are not
 * looking at (so the app shows system notifications, not just its toast); what the app asked for
 * and showed is kept in window.notificationLog.
 */
function fakeNotifications(answer: NotificationPermission) {
  return async (page: Page) => {
    await page.addInitScript((reply: NotificationPermission) => {
      const log: NotificationLog = { asked: 0, shown: [] };
      let permission: NotificationPermission = "default";
      class FakeNotification {
        static get permission() {
          return permission;
        }
        static async requestPermission() {
          log.asked += 1;
          permission = reply;
          return reply;
        }
        onclick: (() => void) | null = null;
        constructor(title: string, options?: { body?: string }) {
          log.shown.push({ title, body: options?.body });
        }
      }
      Object.assign(window, { Notification: FakeNotification, notificationLog: log });
      document.hasFocus = () => false;
    }, answer);
  };
}

const notificationLog = (page: Page) => page.evaluate(() => (window as unknown as { notificationLog: NotificationLog }).notificationLog);

const bell = (page: Page) => page.getByRole("banner").getByRole("button", { name: /^Notifications/ });

test("a party starting shortly: the reminder and the start reach the bell live, exactly once, and the room says Starting now", async ({
  open,
}) => {
  test.setTimeout(120_000);
  const party = await createParty({ title: `Reminder soon ${unique()}`, startsInMinutes: 0.75 });
  const bob = await open(USERS.bob, `/parties/${party.id}`, fakeNotifications("granted"));
  await markPage(bob);
  await expect(bell(bob)).toHaveAccessibleName("Notifications");

  await bob.getByRole("button", { name: "Join party" }).click();
  await settled(bob);
  expect((await notificationLog(bob)).asked).toBe(0); // never on page load
  await bob.getByRole("switch", { name: "Remind me" }).click();
  await expect(bob.getByRole("switch", { name: "Remind me" })).toHaveAttribute("aria-checked", "true");
  expect((await notificationLog(bob)).asked).toBe(1); // asked on the click that turned it on

  // 15 minutes before a party under a minute away: due now; it arrives within the dispatcher's second
  await expect(bell(bob)).toHaveAccessibleName("Notifications, 1 unread", { timeout: 15_000 });
  await expect(bob.getByRole("status").filter({ hasText: `${party.title} starts in 1 minute` })).toBeVisible();
  await expect
    .poll(async () => (await notificationLog(bob)).shown)
    .toEqual([{ title: "Habitats Watch Parties", body: `${party.title} starts in 1 minute` }]);

  // at the start: the second reminder, and the room says so, live
  // the room's own status (the toast region says "… is starting now" too)
  await expect(bob.getByRole("status").filter({ hasText: /^Starting now$/ })).toBeVisible({ timeout: 60_000 });
  await expect(bell(bob)).toHaveAccessibleName("Notifications, 2 unread", { timeout: 15_000 });
  await expect(bob.getByRole("status").filter({ hasText: `${party.title} is starting now` })).toBeVisible();
  await expectNotReloaded(bob);

  // exactly once, however many times the dispatcher has run since
  await bob.waitForTimeout(3_000);
  const delivered = await asSuperuser(
    async (db) => (await db.query("select kind from public.notifications where party_id = $1 order by created_at", [party.id])).rows,
  );
  expect(delivered).toEqual([{ kind: "starts_soon" }, { kind: "started" }]);
  expect((await notificationLog(bob)).shown).toHaveLength(2);

  // the list: newest first, linking to the party; mark read, then all read
  await bell(bob).click();
  const list = bob.getByRole("list", { name: "Notifications" });
  await expect(list.getByRole("listitem")).toHaveText([
    new RegExp(`${party.title} is starting now`),
    new RegExp(`${party.title} starts in 1 minute`),
  ]);
  await expect(list.getByRole("link").first()).toHaveAttribute("href", `/parties/${party.id}`);
  await list.getByRole("listitem").first().getByRole("button", { name: "Mark read" }).click();
  await expect(bell(bob)).toHaveAccessibleName("Notifications, 1 unread");
  await bob.getByRole("button", { name: "Mark all read" }).click();
  await expect(bell(bob)).toHaveAccessibleName("Notifications");
  await bob.reload();
  await expect(bell(bob)).toHaveAccessibleName("Notifications");
});

test("a user who refuses the browser's notifications still gets the reminder in the app", async ({ open }) => {
  const party = await createParty({ title: `Refused ${unique()}`, startsInMinutes: 10 });
  const bob = await open(USERS.bob, `/parties/${party.id}`, fakeNotifications("denied"));
  const before = Number((await bell(bob).getAttribute("aria-label"))?.match(/(\d+) unread/)?.[1] ?? 0);
  await bob.getByRole("button", { name: "Join party" }).click();
  await settled(bob);
  await bob.getByRole("switch", { name: "Remind me" }).click();
  await expect(bob.getByRole("switch", { name: "Remind me" })).toHaveAttribute("aria-checked", "true");
  await expect(bob.getByRole("status").filter({ hasText: `${party.title} starts in 10 minutes` })).toBeVisible({ timeout: 15_000 });
  await expect(bell(bob)).toHaveAccessibleName(`Notifications, ${before + 1} unread`);
  expect(await notificationLog(bob)).toEqual({ asked: 1, shown: [] });
});

function parseEvents(ics: string): ICAL.Event[] {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getAllSubcomponents("vevent").map((vevent) => new ICAL.Event(vevent));
}

test("Add to calendar, and the private feed: parsed as iCalendar; a wrong or revoked token gets 404", async ({ open, baseURL }) => {
  const party = await createParty({ title: `Calendar ${unique()}`, startsInMinutes: 180 });
  const alice = await open(USERS.alice, `/parties/${party.id}`);
  await alice.getByRole("button", { name: "Join party" }).click();
  await settled(alice);
  await alice.getByRole("switch", { name: "Remind me" }).click();
  await alice.getByLabel("Reminder time").selectOption("60");
  await settled(alice);

  // the party's .ics, with Alice's session
  const link = alice.getByRole("link", { name: "Add to calendar" });
  await expect(link).toHaveAttribute("href", `/parties/${party.id}/calendar.ics`);
  await expect
    .poll(async () => {
      const file = await alice.request.get(`/parties/${party.id}/calendar.ics`);
      expect(file.headers()["content-type"]).toContain("text/calendar");
      const [event] = parseEvents(await file.text());
      return {
        uid: event?.uid,
        summary: event?.summary,
        url: event?.component.getFirstPropertyValue("url"),
        trigger: String(event?.component.getFirstSubcomponent("valarm")?.getFirstPropertyValue("trigger")),
      };
    })
    .toEqual({ uid: `${party.id}@habitats-watch-parties`, summary: party.title, url: `${baseURL}/parties/${party.id}`, trigger: "-PT1H" });

  // the feed: made on /calendar, fetched without any session (as a calendar app does)
  await alice.goto("/calendar");
  await alice.getByRole("button", { name: /^Make (a|a new) feed address$/ }).click();
  const address = alice.getByLabel("Your private feed address");
  await expect(address).toHaveValue(/\/calendar\/feed\/[0-9a-f]{64}$/);
  const first = await address.inputValue();
  const calendarApp = await playwrightRequest.newContext();
  try {
    const feed = await calendarApp.get(first, { maxRedirects: 0 });
    expect(feed.status()).toBe(200);
    const events = parseEvents(await feed.text());
    expect(events.find((event) => event.uid === `${party.id}@habitats-watch-parties`)?.summary).toBe(party.title);

    const wrong = `${baseURL}/calendar/feed/${randomBytes(32).toString("hex")}`;
    expect((await calendarApp.get(wrong, { maxRedirects: 0 })).status()).toBe(404);
    expect((await calendarApp.get(`${baseURL}/calendar/feed/not-a-token`, { maxRedirects: 0 })).status()).toBe(404);

    // a new address revokes the old one
    await alice.getByRole("button", { name: "Make a new feed address" }).click();
    await expect(address).not.toHaveValue(first);
    const second = await address.inputValue();
    expect((await calendarApp.get(first, { maxRedirects: 0 })).status()).toBe(404);
    expect((await calendarApp.get(second, { maxRedirects: 0 })).status()).toBe(200);

    await alice.getByRole("button", { name: "Turn off the feed" }).click();
    await expect(alice.getByText("You have no calendar feed.")).toBeVisible();
    expect((await calendarApp.get(second, { maxRedirects: 0 })).status()).toBe(404);
  } finally {
    await calendarApp.dispose();
  }
});

test("the reminder actions answer malformed input with a readable refusal, never a 5xx, and change nothing", async ({ open }) => {
  const party = await createParty({ title: `Malformed ${unique()}`, startsInMinutes: 240 });
  const bob = await open(USERS.bob, `/parties/${party.id}`);
  const page = `/parties/${party.id}`;
  const leadCases: unknown[] = [
    null,
    "15",
    [],
    {},
    { partyId: party.id },
    { partyId: "not-a-uuid", minutes: 15 },
    { partyId: party.id, minutes: 30 },
    { partyId: party.id, minutes: "15" },
    { partyId: party.id, minutes: 15.5 },
    // a party Bob has not joined: the database refuses
    { partyId: party.id, minutes: 60 },
  ];
  for (const input of leadCases) {
    const { status, result } = await callServerAction(bob.request, "app/parties/[partyId]/reminder-actions.ts", "setReminderLead", page, [
      input,
    ]);
    expect(status, JSON.stringify(input)).toBeLessThan(500);
    expect(result, JSON.stringify(input)).toMatchObject({ ok: false, error: expect.stringMatching(/^[A-Z].{5,}/) });
  }
  for (const id of [null, "nope", 42, { id: party.id }]) {
    const { status, result } = await callServerAction(bob.request, "app/notifications/actions.ts", "markNotificationRead", page, [id]);
    expect(status).toBeLessThan(500);
    expect(result).toMatchObject({ ok: false });
  }
  const preferences = await asSuperuser(
    async (db) => (await db.query("select count(*)::int as n from public.reminder_preferences where stream_id = $1", [party.id])).rows[0].n,
  );
  expect(preferences).toBe(0);
});
