// npm run bench [-- section ...]: runs the benchmarks, prints their tables and writes them as
// JSON under bench/results/. Sections: db-writes, db-reads, reminders, realtime, stack, app,
// watch-together (default: all, in
// this order: the app's build comes last, its disk writes would disturb the others). Ratios are
// measured within one run: these machines are shared and noisy.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { benchDbReads } from "./db-reads";
import { benchDbWrites } from "./db-writes";
import { benchReminders } from "./reminders";
import { startScratchStack, type ScratchStack } from "@habitats/supabase-local/scratch-stack";
import { benchDatabase } from "./lib/database";
import { benchRealtime } from "./realtime";
import { benchStack } from "./stack";
import { benchApp } from "./app";
import { benchWatchTogether } from "./watch-together";
import { printTable, type Row } from "./lib/stats";

type Section = () => Promise<Record<string, unknown>>;

/**
 * The realtime section goes past the local tenant's limits (200 users, 100 events/s, 100 joins/s,
 * as `supabase start` seeds them): 1,000 subscribers, each joining at the start, and fan-outs of
 * 1,000 deliveries per join and 5,000 per second sustained. Raised as a larger plan's quotas would be.
 */
const REALTIME_BENCH_LIMITS = {
  TENANT_MAX_CONCURRENT_USERS: "2000",
  TENANT_MAX_JOINS_PER_SECOND: "1000",
  TENANT_MAX_EVENTS_PER_SECOND: "10000",
};

/** A section's work on a throwaway database, stopped afterwards. */
async function withDatabase<T>(name: string, work: (url: string) => Promise<T>): Promise<T> {
  const db = await benchDatabase(name);
  try {
    return await work(db.url);
  } finally {
    await db.stop();
  }
}

/**
 * A section's work on a scratch stack started by the CLI (the API in its own process, as `npm run
 * dev` runs it); `env` adds settings, such as realtime limits above the local tenant's.
 */
async function withStack<T>(work: (stack: ScratchStack) => Promise<T>, env?: Record<string, string>): Promise<T> {
  const stack = await startScratchStack({ label: "bench", quiet: true, env });
  try {
    return await work(stack);
  } finally {
    await stack.stop();
  }
}

const sections: Record<string, Section> = {
  "db-writes": () =>
    withDatabase("bench_writes", async (url) => {
      const { rows, ratios, healthy } = await benchDbWrites(url);
      printTable("Join and leave through the database (16 connections, authenticated role)", rows);
      printTable("Ratios (same run)", [ratios]);
      console.log(`\nInvariants after the run: ${healthy ? "all true (stream_participants_health() is empty)" : "BROKEN"}`);
      if (!healthy) process.exitCode = 1;
      return { rows, ratios, healthy };
    }),
  "db-reads": () =>
    withDatabase("bench_reads", async (url) => {
      const { rows, plans, reference } = await benchDbReads(url);
      printTable("Reads with RLS at scale: time in the database (EXPLAIN ANALYZE), 200 runs each", rows);
      printTable("Index use of the member's plans (nested plans included)", plans);
      printTable("This machine's speed, for comparing figures across machines (10 runs)", [reference]);
      return { rows, plans, reference };
    }),
  reminders: () =>
    withDatabase("bench_reminders", async (url) => {
      const { rows, plan } = await benchReminders(url);
      printTable("Reminder dispatch (the cron job's command): 1,000 due among the pending, one run", rows);
      console.log(`\nHow the dispatcher finds what is due (100,000 pending):\n${plan}`);
      return { rows, plan };
    }),
  realtime: () =>
    withStack(async (stack) => {
      const { fanout, app, sustained } = await benchRealtime({
        apiUrl: stack.apiUrl,
        anonKey: stack.keys.anonKey,
        jwtSecret: stack.keys.jwtSecret,
        dbUrl: stack.dbUrl,
      });
      printTable("Realtime: one join fanned out to a room's subscribers through the gateway (join sent → callback)", fanout);
      printTable("Realtime: REST requests a join causes in rooms open in the app", [app]);
      printTable("Realtime: 10 rooms × 100 subscribers, 50 joins/s for 30 s (private broadcast)", [sustained]);
      return { fanout, app, sustained };
    }, REALTIME_BENCH_LIMITS),
  stack: () =>
    withStack(async (stack) => {
      const { starts, requests } = await benchStack(stack);
      printTable("Local stack start (wall time of `cli.ts start`, including Node and tsx)", [starts]);
      printTable("Through the stack: supabase-js → gateway → PostgREST → Postgres, as a member", requests);
      return { starts, requests };
    }),
  app: () =>
    withStack(async (stack) => {
      const { build, rows } = await benchApp(stack);
      printTable("The app: production build served by `next start`, signed in as Alice", rows);
      return { build, rows };
    }),
  "watch-together": () =>
    withStack(async (stack) => {
      const { sync, lateJoiner, chat, build } = await benchWatchTogether(stack);
      printTable("Watching together: |Bob − Alice (host)| in Chromium over 60 s of play, seek and pause, sampled every ~100 ms", sync);
      printTable("A late joiner: |Carol − Alice| one second after her player is ready", [lateJoiner]);
      printTable("Chat: a message sent → received by the room's subscribers and shown in its open rooms", chat);
      return { sync, lateJoiner, chat, build };
    }, REALTIME_BENCH_LIMITS),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const unknown = wanted.filter((w) => !(w in sections));
if (unknown.length > 0) {
  console.error(`unknown section(s): ${unknown.join(", ")}; known: ${Object.keys(sections).join(", ")}`);
  process.exit(2);
}

const results: Record<string, unknown> = {};
for (const name of wanted.length > 0 ? wanted : Object.keys(sections)) {
  const started = performance.now();
  results[name] = await sections[name]!();
  console.log(`\n(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

const dir = fileURLToPath(new URL("./results/", import.meta.url));
mkdirSync(dir, { recursive: true });
const file = `${dir}${new Date().toISOString().replaceAll(":", "-")}.json`;
const meta: Row = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? "" };
writeFileSync(file, `${JSON.stringify({ meta, results }, null, 2)}\n`);
console.log(`\nWrote ${file}`);
