// Watching together, measured in real browsers: the production build, three Chromium contexts
// signed in as Alice (the host), Bob and Carol, and the shipped clip served cross-origin with range
// requests (e2e/clip-server.ts).
// - Sync accuracy: for 60 s the host plays, seeks, pauses and plays again with the player itself
//   while Bob's player follows; |Bob − Alice| (positions at the same instant, one machine's clock)
//   sampled every ~100 ms: all samples, and outside the 2 s after each host action (steady state).
// - A late joiner: Carol opens the room (then reloads it, 5 times); |Carol − Alice| one second
//   after her player is ready.
// - Chat: one message sent (REST insert, as a participant) → received by 100 subscribers of the
//   room's private channel (supabase-js), and → shown in Alice's and Bob's open rooms (the DOM).
import { chromium, type Browser, type Page } from "@playwright/test";
import type { SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import type { Database } from "../lib/database.types";
import { startClipServer } from "../e2e/clip-server";
import { MOVIE_NIGHT_ID, signIn, USERS, type DemoUser } from "../e2e/helpers";
import { drift, hostPlayer, sampleVideo } from "../e2e/watch-together";
import type { ScratchStack } from "@habitats/supabase-local/scratch-stack";
import { startNextApp } from "./lib/next-app";
import { summarize, type Row } from "./lib/stats";
import { inBatches, memberClient, subscribed } from "./realtime";

const SYNC_SECONDS = 60;
/** The host's actions, at seconds into the run. */
const SCRIPT: Array<{ at: number; name: string; run: (host: Page) => Promise<unknown> }> = [
  { at: 0, name: "play", run: (host) => hostPlayer.play(host) },
  { at: 15, name: "seek back to 5 s", run: (host) => hostPlayer.seek(host, 5) },
  { at: 30, name: "pause", run: (host) => hostPlayer.pause(host) },
  { at: 33, name: "play", run: (host) => hostPlayer.play(host) },
  { at: 45, name: "seek to 20 s", run: (host) => hostPlayer.seek(host, 20) },
];
const TRANSITION_S = 2;
const LATE_JOINS = 5;
const CHAT_SUBSCRIBERS = 100;
const CHAT_MESSAGES = 20;
const CHAT_SPACING_MS = 300;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function openRoom(browser: Browser, baseURL: string, user: DemoUser, partyId: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signIn(page, user, `/parties/${partyId}`);
  return page;
}

async function join(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Join party" }).click();
  await page.getByRole("button", { name: "Leave party" }).waitFor();
}

/** Local wall time at which the page's player had its metadata (polled every 10 ms). */
async function readyAt(page: Page): Promise<number> {
  for (;;) {
    const ready = await page.locator("video").evaluate((video: HTMLVideoElement) => video.readyState >= 1);
    if (ready) return Date.now();
    await sleep(10);
  }
}

const ms = (seconds: number) => Math.round(seconds * 1000 * 10) / 10;

async function measureSync(alice: Page, bob: Page): Promise<Row[]> {
  const all: number[] = [];
  const steady: number[] = [];
  const started = Date.now();
  let next = 0;
  let lastActionAt = -Infinity;
  while (Date.now() - started < SYNC_SECONDS * 1000) {
    const elapsed = (Date.now() - started) / 1000;
    const due = SCRIPT[next];
    if (due && elapsed >= due.at) {
      await due.run(alice);
      lastActionAt = Date.now();
      next++;
    }
    const gap = Math.abs(await drift(alice, bob));
    all.push(ms(gap));
    if (Date.now() - lastActionAt > TRANSITION_S * 1000) steady.push(ms(gap));
    await sleep(100);
  }
  const row = (name: string, samples: number[]): Row => {
    const s = summarize(samples);
    return { samples: name, count: s.count, "p50 ms": s.p50, "p95 ms": s.p95, "max ms": s.max, "target p95 ms": 150 };
  };
  return [row(`all (${SCRIPT.map((a) => a.name).join(", ")})`, all), row(`outside the ${TRANSITION_S} s after each host action`, steady)];
}

async function measureLateJoiner(alice: Page, carol: Page): Promise<Row> {
  const gaps: number[] = [];
  for (let i = 0; i < LATE_JOINS; i++) {
    if (i > 0) await carol.reload();
    else await join(carol);
    const ready = await readyAt(carol);
    await sleep(Math.max(0, ready + 1000 - Date.now()));
    gaps.push(ms(Math.abs(await drift(alice, carol))));
  }
  const s = summarize(gaps);
  return {
    "late joins (1 join + reloads)": LATE_JOINS,
    "p50 ms": s.p50,
    "max ms": s.max,
    "within 300 ms": `${gaps.filter((g) => g <= 300).length}/${LATE_JOINS}`,
  };
}

/** Records in the page when each chat message first shows in the Chat region. */
async function watchChat(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: Record<string, number> = {};
    (window as unknown as { chatSeen: Record<string, number> }).chatSeen = seen;
    const region = document.querySelector('section[aria-labelledby="chat-heading"]');
    if (!region) throw new Error("no Chat region");
    new MutationObserver(() => {
      for (const node of region.querySelectorAll("li p.text-sm.break-words")) {
        const text = node.textContent ?? "";
        if (text.startsWith("bench ") && !(text in seen)) seen[text] = Date.now();
      }
    }).observe(region, { subtree: true, childList: true, characterData: true });
  });
}

async function measureChat(stack: ScratchStack, admin: pg.Client, partyId: string, rooms: Page[]): Promise<Row[]> {
  const target = { apiUrl: stack.apiUrl, anonKey: stack.keys.anonKey, jwtSecret: stack.keys.jwtSecret, dbUrl: stack.dbUrl };
  await admin.query(`insert into auth.users (id, aud, role, email, raw_user_meta_data, created_at, updated_at)
    select gen_random_uuid(), 'authenticated', 'authenticated', 'wt' || lpad(i::text, 4, '0') || '@example.com', '{}', now(), now()
    from generate_series(1, ${CHAT_SUBSCRIBERS + CHAT_MESSAGES}) i`);
  const users = (await admin.query<{ id: string }>("select id from auth.users where email like 'wt%@example.com' order by email")).rows.map(
    (r) => r.id,
  );
  await admin.query("insert into public.habitat_members (habitat_id, user_id) select $1, unnest($2::uuid[]) on conflict do nothing", [
    MOVIE_NIGHT_ID,
    users,
  ]);
  const senders = users.slice(CHAT_SUBSCRIBERS);
  await admin.query("insert into public.stream_participants (stream_id, user_id) select $1, unnest($2::uuid[])", [partyId, senders]);

  const sentAt = new Map<string, number>();
  const received: number[] = [];
  const clients = await inBatches(users.slice(0, CHAT_SUBSCRIBERS), 25, (userId) => memberClient(target, userId));
  await inBatches(clients, 25, (client) =>
    subscribed(
      client.channel(`party:${partyId}`, { config: { private: true } }).on("broadcast", { event: "chat_message" }, ({ payload }) => {
        const body = (payload as { message?: { body?: string } }).message?.body ?? "";
        const sent = sentAt.get(body);
        if (sent !== undefined) received.push(Date.now() - sent);
      }),
    ),
  );
  await Promise.all(rooms.map(watchChat));
  const senderClients: Array<SupabaseClient<Database>> = await Promise.all(senders.map((userId) => memberClient(target, userId)));
  for (let i = 0; i < CHAT_MESSAGES; i++) {
    const body = `bench ${i}`;
    sentAt.set(body, Date.now());
    const { error } = await senderClients[i]!.from("party_messages").insert({ party_id: partyId, body });
    if (error) throw new Error(`sending a chat message: ${error.message}`);
    await sleep(CHAT_SPACING_MS);
  }
  const expected = CHAT_SUBSCRIBERS * CHAT_MESSAGES;
  for (let waited = 0; received.length < expected && waited < 10_000; waited += 50) await sleep(50);
  await sleep(1000);
  const shown: number[] = [];
  for (const page of rooms) {
    const seen = await page.evaluate(() => (window as unknown as { chatSeen: Record<string, number> }).chatSeen);
    for (const [body, at] of Object.entries(seen)) {
      const sent = sentAt.get(body);
      if (sent !== undefined) shown.push(at - sent);
    }
  }
  await Promise.all([...clients, ...senderClients].map((client) => client.removeAllChannels()));
  const sub = summarize(received);
  const dom = summarize(shown);
  return [
    {
      to: `${CHAT_SUBSCRIBERS} subscribers of the room (private channel)`,
      delivered: `${received.length}/${expected}`,
      "p50 ms": sub.p50,
      "p95 ms": sub.p95,
      "max ms": sub.max,
      "target p95 ms": 150,
    },
    {
      to: `${rooms.length} open rooms (shown in the Chat region)`,
      delivered: `${shown.length}/${rooms.length * CHAT_MESSAGES}`,
      "p50 ms": dom.p50,
      "p95 ms": dom.p95,
      "max ms": dom.max,
      "target p95 ms": 150,
    },
  ];
}

export async function benchWatchTogether(stack: ScratchStack): Promise<{ sync: Row[]; lateJoiner: Row; chat: Row[]; build: Row }> {
  const admin = new pg.Client({ connectionString: stack.dbUrl });
  await admin.connect();
  const clip = await startClipServer();
  const app = await startNextApp(stack);
  let browser: Browser | null = null;
  try {
    // Carol joins Movie Night for the run (the seed leaves her out); a party of its own with the clip
    await admin.query("insert into public.habitat_members (habitat_id, user_id) values ($1, $2) on conflict do nothing", [
      MOVIE_NIGHT_ID,
      USERS.carol.id,
    ]);
    const { rows } = await admin.query<{ id: string }>(
      `insert into public.habitat_watch_parties (habitat_id, title, scheduled_start, created_by, media_url, media_provider)
       values ($1, 'Bench: watching together', now() + interval '1 hour', $2, $3, 'direct') returning id`,
      [MOVIE_NIGHT_ID, USERS.alice.id, clip.url],
    );
    const partyId = rows[0]!.id;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--autoplay-policy=no-user-gesture-required"],
    });
    const alice = await openRoom(browser, app.baseURL, USERS.alice, partyId);
    await join(alice);
    const bob = await openRoom(browser, app.baseURL, USERS.bob, partyId);
    await join(bob);
    await Promise.all([readyAt(alice), readyAt(bob)]);
    const sync = await measureSync(alice, bob);
    await hostPlayer.seek(alice, 1);
    if ((await sampleVideo(alice)).paused) await hostPlayer.play(alice);
    const carol = await openRoom(browser, app.baseURL, USERS.carol, partyId);
    const lateJoiner = await measureLateJoiner(alice, carol);
    const chat = await measureChat(stack, admin, partyId, [alice, bob]);
    return { sync, lateJoiner, chat, build: { "next build s": app.buildSeconds } };
  } finally {
    await browser?.close();
    await app.stop();
    await clip.stop();
    await admin.end();
  }
}
