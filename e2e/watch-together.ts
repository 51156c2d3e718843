// Shared steps for the watch together specs: a habitat of three members (Alice, who owns it, Bob
// and Carol) made for the test file, the party's <video> sampled in each browser, and how far a
// follower's player is from the host's at the same instant.
import { randomUUID } from "node:crypto";
import { expect, type Locator, type Page } from "@playwright/test";
import { asSuperuser, settled, USERS } from "./helpers";

/** A habitat owned by Alice with Bob and Carol as members; returns its id. */
export async function threeMemberHabitat(name = `Watch together ${randomUUID().slice(0, 6)}`): Promise<string> {
  return asSuperuser(async (db) => {
    const { rows } = await db.query<{ id: string }>("insert into public.habitats (name, created_by) values ($1, $2) returning id", [
      name,
      USERS.alice.id,
    ]);
    const habitatId = rows[0]!.id;
    await db.query(
      "insert into public.habitat_members (habitat_id, user_id, role) values ($1, $2, 'member'), ($1, $3, 'member') on conflict do nothing",
      [habitatId, USERS.bob.id, USERS.carol.id],
    );
    return habitatId;
  });
}

export interface VideoSample {
  /** wall time of the sample (every browser context runs on this machine's clock) */
  at: number;
  position: number;
  paused: boolean;
  rate: number;
}

export async function sampleVideo(page: Page): Promise<VideoSample> {
  return page.locator("video").evaluate((video: HTMLVideoElement) => ({
    at: Date.now(),
    position: video.currentTime,
    paused: video.paused,
    rate: video.playbackRate,
  }));
}

/** follower − host, in seconds, at the follower's sample time (the host's position moved on to it). */
export async function drift(host: Page, follower: Page): Promise<number> {
  const [h, f] = await Promise.all([sampleVideo(host), sampleVideo(follower)]);
  const hostThen = h.paused ? h.position : h.position + ((f.at - h.at) / 1000) * h.rate;
  return f.position - hostThen;
}

/** Waits until `follower` plays (or is paused, as the host) within `tolerance` seconds of the host. */
export async function expectInSync(host: Page, follower: Page, tolerance = 0.2, timeout = 10_000): Promise<void> {
  await expect
    .poll(
      async () => {
        const [h, f] = await Promise.all([sampleVideo(host), sampleVideo(follower)]);
        if (h.paused !== f.paused) return `host ${h.paused ? "paused" : "playing"}, follower ${f.paused ? "paused" : "playing"}`;
        return Math.abs(await drift(host, follower)) <= tolerance ? "in sync" : `${(await drift(host, follower)).toFixed(3)} s apart`;
      },
      { timeout, intervals: [100, 200, 250] },
    )
    .toBe("in sync");
}

/** The player's metadata is loaded (its duration known). */
export async function videoReady(page: Page): Promise<void> {
  await expect
    .poll(() => page.locator("video").evaluate((video: HTMLVideoElement) => video.readyState), { timeout: 15_000 })
    .toBeGreaterThanOrEqual(1);
}

/** The host uses their own player, as its controls do (play(), pause() and currentTime fire the same events). */
export const hostPlayer = {
  play: (page: Page) => page.locator("video").evaluate((video: HTMLVideoElement) => video.play()),
  pause: (page: Page) => page.locator("video").evaluate((video: HTMLVideoElement) => video.pause()),
  seek: (page: Page, seconds: number) =>
    page.locator("video").evaluate((video: HTMLVideoElement, to: number) => void (video.currentTime = to), seconds),
  rate: (page: Page, rate: number) =>
    page.locator("video").evaluate((video: HTMLVideoElement, to: number) => void (video.playbackRate = to), rate),
};

export async function joinParty(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Join party" }).click();
  await expect(page.getByRole("button", { name: "Leave party" })).toBeVisible();
  await settled(page);
}

export const playbackStatus = (page: Page): Locator =>
  page.getByRole("status").filter({ hasText: /control playback|Synced with|on your own|watch in sync/ });

export const chat = (page: Page): Locator => page.getByRole("region", { name: "Chat" });

/** The chat's messages and lines (not its screen reader announcements). */
export const chatList = (page: Page): Locator => chat(page).getByRole("list");

export async function say(page: Page, text: string): Promise<void> {
  await chat(page).getByRole("textbox", { name: "Message" }).fill(text);
  await chat(page).getByRole("button", { name: "Send" }).click();
  await expect(chat(page).getByRole("textbox", { name: "Message" })).toHaveValue("");
}
