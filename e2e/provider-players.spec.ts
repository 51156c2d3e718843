// The YouTube and Vimeo adapters against stand-ins of their players: our machines cannot reach
// YouTube or Vimeo, so each test serves a page that speaks the provider's documented postMessage
// protocol (e2e/fixtures/*-stand-in.html) at the real player's URL (page.route), under the app's
// Content Security Policy as it is. The host uses the stand-in's own buttons; the follower's
// stand-in must follow.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FrameLocator, Page } from "@playwright/test";
import { createParty, unique, USERS } from "./helpers";
import { expect, test } from "./fixtures";
import { PROJECT_ROOT } from "./stack";
import { joinParty, playbackStatus, threeMemberHabitat } from "./watch-together";

const standIn = (name: string) => readFileSync(join(PROJECT_ROOT, "e2e", "fixtures", `${name}-stand-in.html`), "utf8");

const PROVIDERS = [
  {
    name: "YouTube",
    mediaUrl: "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
    route: "https://www.youtube-nocookie.com/embed/**",
    page: standIn("youtube"),
    tolerance: 0.6,
  },
  {
    name: "Vimeo",
    mediaUrl: "https://vimeo.com/1084537",
    route: "https://player.vimeo.com/video/**",
    page: standIn("vimeo"),
    tolerance: 0.25,
  },
];

let habitatId: string;
test.beforeAll(async () => {
  habitatId = await threeMemberHabitat();
});

async function withStandIn(page: Page, route: string, html: string): Promise<void> {
  await page.route(route, (request) => request.fulfill({ status: 200, contentType: "text/html", body: html }));
}

interface StandIn {
  position(): number;
  playing(): boolean;
}

const frame = (page: Page): FrameLocator => page.frameLocator("iframe");
/** The stand-in player's own frame (the page's only child frame). */
const standInFrame = (page: Page) => {
  const child = page.frames().find((f) => f !== page.mainFrame());
  if (!child) throw new Error("no player frame");
  return child;
};
const position = (page: Page) => standInFrame(page).evaluate(() => (window as unknown as { standIn: StandIn }).standIn.position());
const playing = (page: Page) => standInFrame(page).evaluate(() => (window as unknown as { standIn: StandIn }).standIn.playing());

for (const provider of PROVIDERS) {
  test(`${provider.name}: the host plays, seeks and pauses in the embedded player; the follower's player follows`, async ({ open }) => {
    test.setTimeout(120_000);
    const party = await createParty({ title: `${provider.name} ${unique()}`, habitatId, mediaUrl: provider.mediaUrl });
    const prepare = (page: Page) => withStandIn(page, provider.route, provider.page);
    const alice = await open(USERS.alice, `/parties/${party.id}`, prepare);
    await joinParty(alice);
    const bob = await open(USERS.bob, `/parties/${party.id}`, prepare);
    await joinParty(bob);
    await expect(playbackStatus(bob)).toHaveText("Synced with Alice");
    await expect(frame(alice).getByRole("button", { name: "Play" })).toBeVisible();
    await expect(frame(bob).getByRole("button", { name: "Play" })).toBeVisible();

    await frame(alice).getByRole("button", { name: "Play" }).click();
    await expect.poll(() => playing(bob), { timeout: 10_000 }).toBe(true);
    const inStep = async () => {
      const [follower, host] = await Promise.all([position(bob), position(alice)]);
      return Math.abs(follower - host);
    };
    await expect.poll(inStep, { timeout: 10_000 }).toBeLessThan(provider.tolerance);

    await frame(alice).getByRole("button", { name: "Seek +30 s" }).click();
    await expect.poll(() => position(bob), { timeout: 10_000 }).toBeGreaterThan(29);
    await expect.poll(inStep, { timeout: 10_000 }).toBeLessThan(provider.tolerance);

    await frame(alice).getByRole("button", { name: "Pause" }).click();
    await expect.poll(() => playing(bob), { timeout: 10_000 }).toBe(false);
    await expect.poll(inStep, { timeout: 10_000 }).toBeLessThan(provider.tolerance);
  });
}
