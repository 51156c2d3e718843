// Watching together with a <video> of a file on another host (served with range requests by
// e2e/clip-server.ts): the host drives with the player itself and everyone's player follows; a
// late joiner lands where the host is; the host role passes and control with it; only the host
// drives, which the database enforces (REST, the server action and realtime alike).
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { createClient } from "@supabase/supabase-js";
import WebSocket from "ws";
import { callServerAction } from "./server-actions";
import { apiAs, asSuperuser, createParty, participant, unique, USERS } from "./helpers";
import { expect, test } from "./fixtures";
import { startClipServer, type ClipServer } from "./clip-server";
import { PROJECT_ROOT, readStack } from "./stack";
import {
  chatList,
  drift,
  expectInSync,
  hostPlayer,
  joinParty,
  playbackStatus,
  sampleVideo,
  say,
  threeMemberHabitat,
  videoReady,
} from "./watch-together";

let clip: ClipServer;
let habitatId: string;

test.beforeAll(async () => {
  clip = await startClipServer();
  habitatId = await threeMemberHabitat();
});
test.afterAll(async () => clip?.stop());

/** The party's playback state as the database holds it (who wrote it last, and its revision). */
const playbackRow = (partyId: string) =>
  asSuperuser(
    async (db) => (await db.query("select revision, updated_by from public.party_playback where party_id = $1", [partyId])).rows[0],
  );

const partyWithClip = (title: string) =>
  createParty({ title, habitatId, mediaUrl: clip.url, description: "Big Buck Bunny's stand-in: a test pattern with a running clock." });

test("the host plays, seeks and pauses with the player itself; the others follow; a late joiner lands at the host's position", async ({
  open,
}, testInfo) => {
  test.setTimeout(120_000);
  const party = await partyWithClip("Friday screening: Big Buck Bunny");
  const alice = await open(USERS.alice, `/parties/${party.id}`);
  await joinParty(alice);
  await expect(playbackStatus(alice)).toHaveText("You control playback");
  const bob = await open(USERS.bob, `/parties/${party.id}`);
  await expect(playbackStatus(bob)).toHaveText("Join the party to watch in sync");
  await joinParty(bob);
  await expect(playbackStatus(bob)).toHaveText("Synced with Alice");
  await Promise.all([videoReady(alice), videoReady(bob)]);

  await hostPlayer.play(alice);
  await expectInSync(alice, bob);

  await hostPlayer.seek(alice, 30);
  await expect.poll(async () => (await sampleVideo(bob)).position, { timeout: 10_000 }).toBeGreaterThan(29.5);
  await expectInSync(alice, bob);

  await hostPlayer.pause(alice);
  await expect.poll(async () => (await sampleVideo(bob)).paused).toBe(true);
  await expectInSync(alice, bob, 0.1);

  await hostPlayer.play(alice);
  await expectInSync(alice, bob);

  // Carol comes late, and lands where the host is now
  await alice.waitForTimeout(1500);
  const carol = await open(USERS.carol, `/parties/${party.id}`);
  await joinParty(carol);
  await expect(playbackStatus(carol)).toHaveText("Synced with Alice");
  await videoReady(carol);
  await expectInSync(alice, carol, 0.3);
  expect((await sampleVideo(carol)).position).toBeGreaterThan(30);

  // a reload starts at the host's position too
  await bob.reload();
  await videoReady(bob);
  await expectInSync(alice, bob, 0.3);

  // the room talks while watching: the README's screenshot
  await say(alice, "Popcorn ready? Starting from the good part.");
  await say(bob, "Ready! The timecode matches on my screen.");
  await expect(chatList(alice).getByText("Ready! The timecode matches on my screen.")).toBeVisible();
  await expect(chatList(carol).getByText("Popcorn ready? Starting from the good part.")).toBeVisible();
  await alice.mouse.move(0, 0);
  const shot = testInfo.outputPath("party-room-watching-together.png");
  await alice.screenshot({ path: shot, fullPage: true });
  await testInfo.attach("a room watching together with its chat", { path: shot, contentType: "image/png" });
  if (process.env.E2E_UPDATE_DOCS_SCREENSHOT) {
    const target = join(PROJECT_ROOT, "docs", "party-room.png");
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(shot, target);
  }
});

test("the host leaves and the next host drives; Make host passes control; nobody's player jumps", async ({ open }) => {
  test.setTimeout(120_000);
  const party = await partyWithClip(`Handover ${unique()}`);
  const alice = await open(USERS.alice, `/parties/${party.id}`);
  await joinParty(alice);
  const bob = await open(USERS.bob, `/parties/${party.id}`);
  await joinParty(bob);
  const carol = await open(USERS.carol, `/parties/${party.id}`);
  await joinParty(carol);
  await Promise.all([videoReady(alice), videoReady(bob), videoReady(carol)]);
  await hostPlayer.seek(alice, 10);
  await hostPlayer.play(alice);
  await expectInSync(alice, bob);
  await expectInSync(alice, carol);
  // and playing steadily (a host's player paused by its own write's echo failed here): Carol's
  // position − wall time constant over half a second
  await expect
    .poll(
      async () => {
        const a = await sampleVideo(carol);
        await carol.waitForTimeout(500);
        const b = await sampleVideo(carol);
        return Math.abs(b.position - b.at / 1000 - (a.position - a.at / 1000));
      },
      { timeout: 15_000 },
    )
    .toBeLessThan(0.05);

  // Carol's position, sampled all along the handover: it only moves on, never jumps
  const stateBefore = await playbackRow(party.id);
  const samples: number[] = [];
  const watching = (async () => {
    for (let i = 0; i < 30; i++) {
      const s = await sampleVideo(carol);
      samples.push(s.position - s.at / 1000);
      await carol.waitForTimeout(100);
    }
  })();
  await alice.getByRole("button", { name: "Leave party" }).click();
  await expect(playbackStatus(bob)).toHaveText("You control playback");
  await expect(playbackStatus(carol)).toHaveText("Synced with Bob");
  await watching;
  // the handover moves nobody's timeline: the new host adopts the state, writes none of its own
  expect(await playbackRow(party.id)).toEqual(stateBefore);
  // position − wall time is constant while playing in step: its spread is the biggest jump seen
  expect(Math.max(...samples) - Math.min(...samples)).toBeLessThan(0.35);

  // the new host drives
  await hostPlayer.pause(bob);
  await expect.poll(async () => (await sampleVideo(carol)).paused).toBe(true);
  await expectInSync(bob, carol, 0.1);
  await hostPlayer.seek(bob, 40);
  await hostPlayer.play(bob);
  await expectInSync(bob, carol);

  // and hands over with Make host
  await participant(bob, "Carol").getByRole("button", { name: "Make host" }).click();
  await expect(playbackStatus(carol)).toHaveText("You control playback");
  await expect(playbackStatus(bob)).toHaveText("Synced with Carol");
  await hostPlayer.pause(carol);
  await expect.poll(async () => (await sampleVideo(bob)).paused).toBe(true);
});

test("a participant can watch on their own and sync with the host again; a member who has not joined watches unsynced", async ({
  open,
}) => {
  test.setTimeout(90_000);
  const party = await partyWithClip(`On my own ${unique()}`);
  const alice = await open(USERS.alice, `/parties/${party.id}`);
  await joinParty(alice);
  const bob = await open(USERS.bob, `/parties/${party.id}`);
  await joinParty(bob);
  const carol = await open(USERS.carol, `/parties/${party.id}`);
  await Promise.all([videoReady(alice), videoReady(bob), videoReady(carol)]);
  await hostPlayer.play(alice);
  await expectInSync(alice, bob);

  await bob.getByRole("button", { name: "Watch on my own" }).click();
  await expect(playbackStatus(bob)).toHaveText("Watching on your own");
  await hostPlayer.seek(alice, 45);
  await bob.waitForTimeout(1500);
  expect(Math.abs(await drift(alice, bob))).toBeGreaterThan(5);

  await bob.getByRole("button", { name: "Sync with host" }).click();
  await expect(playbackStatus(bob)).toHaveText("Synced with Alice");
  await expectInSync(alice, bob);

  // Carol has not joined: her player stays where it was
  expect((await sampleVideo(carol)).paused).toBe(true);
  await expect(playbackStatus(carol)).toHaveText("Join the party to watch in sync");
});

test("only the host drives: a participant is refused by the database through REST, the server action and realtime", async ({ open }) => {
  test.setTimeout(90_000);
  const party = await partyWithClip(`Only the host ${unique()}`);
  const alice = await open(USERS.alice, `/parties/${party.id}`);
  await joinParty(alice);
  const bob = await open(USERS.bob, `/parties/${party.id}`);
  await joinParty(bob);
  await Promise.all([videoReady(alice), videoReady(bob)]);
  await hostPlayer.play(alice);
  await expectInSync(alice, bob);
  const bobApi = await apiAs(USERS.bob);
  const stateNow = async () =>
    (await bobApi.rpc("get_party_playback", { p_party_id: party.id })).data as {
      revision: number;
      isPlaying: boolean;
      updatedBy: string;
    } | null;
  const before = await stateNow();
  expect(before).toMatchObject({ isPlaying: true });

  // REST
  const rest = await bobApi.rpc("set_party_playback", { p_party_id: party.id, p_position: 0, p_playing: false });
  expect(rest.status).toBe(403);
  expect(rest.error?.message).toBe("only the host controls playback");
  const direct = await bobApi.from("party_playback").update({ is_playing: false }).eq("party_id", party.id).select();
  expect(direct.status).toBeGreaterThanOrEqual(400);
  expect(direct.status).toBeLessThan(500);

  // the app's server action
  const action = await callServerAction(bob.request, "app/parties/[partyId]/playback-actions.ts", "setPlayback", `/parties/${party.id}`, [
    { partyId: party.id, positionSeconds: 0, isPlaying: false, playbackRate: 1, at: Date.now() },
  ]);
  expect(action.result).toEqual({ ok: false, error: "Only the host controls playback" });

  // realtime: a forged playback_changed on the room's own private channel goes nowhere
  const { apiUrl, anonKey } = readStack();
  const forger = createClient(apiUrl, anonKey, {
    auth: { persistSession: false },
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
  });
  await forger.auth.signInWithPassword({ email: USERS.bob.email, password: USERS.bob.password });
  await forger.realtime.setAuth();
  const channel = forger.channel(`party:${party.id}`, { config: { private: true } });
  await new Promise<void>((resolve) =>
    channel.subscribe((status) => (status === "SUBSCRIBED" || status === "CHANNEL_ERROR" ? resolve() : undefined)),
  );
  await channel.send({
    type: "broadcast",
    event: "playback_changed",
    payload: { ...before, isPlaying: false, positionSeconds: 0, revision: 9_999, updatedBy: USERS.bob.id },
  });
  await alice.waitForTimeout(2000);
  expect((await sampleVideo(alice)).paused).toBe(false);
  expect((await sampleVideo(bob)).paused).toBe(false);
  expect(await stateNow()).toMatchObject({ isPlaying: true, updatedBy: USERS.alice.id });
  await forger.removeAllChannels();
});
