// npm run bench [-- section ...]: runs the benchmarks, prints their tables and writes them as
// JSON under bench/results/. Sections: db-writes, db-reads, stack, app, realtime (default: all). Ratios are measured
// within one run: these machines are shared and noisy.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { benchDbReads } from "./db-reads";
import { benchDbWrites } from "./db-writes";
import { startScratchStack } from "../supabase/local/scratch-stack";
import { benchDatabase } from "./lib/database";
import { benchRealtime } from "./realtime";
import { benchStack } from "./stack";
import { benchApp } from "./app";
import { printTable, type Row } from "./lib/stats";

type Section = () => Promise<Record<string, unknown>>;

const sections: Record<string, Section> = {
  "db-writes": async () => {
    const db = await benchDatabase("bench_writes");
    try {
      const { rows, ratios, healthy } = await benchDbWrites(db.url);
      printTable("Join and leave through the database (16 connections, authenticated role)", rows);
      printTable("Ratios (same run)", [ratios]);
      console.log(`\nInvariants after the run: ${healthy ? "all true (stream_participants_health() is empty)" : "BROKEN"}`);
      if (!healthy) process.exitCode = 1;
      return { rows, ratios, healthy };
    } finally {
      await db.stop();
    }
  },
  "db-reads": async () => {
    const db = await benchDatabase("bench_reads");
    try {
      const { rows, plans } = await benchDbReads(db.url);
      printTable("Reads with RLS at scale: time in the database (EXPLAIN ANALYZE), 200 runs each", rows);
      printTable("Index use of the member's plans (nested plans included)", plans);
      return { rows, plans };
    } finally {
      await db.stop();
    }
  },
  stack: async () => {
    const stack = await startScratchStack({ label: "bench", quiet: true });
    try {
      const { starts, requests } = await benchStack(stack);
      printTable("Local stack start (wall time of `cli.ts start`, including Node and tsx)", [starts]);
      printTable("Through the stack: supabase-js → gateway → PostgREST → Postgres, as a member", requests);
      return { starts, requests };
    } finally {
      await stack.stop();
    }
  },
  app: async () => {
    const stack = await startScratchStack({ label: "bench", quiet: true });
    try {
      const { build, rows } = await benchApp(stack);
      printTable("The app: production build served by `next start`, signed in as Alice", rows);
      return { build, rows };
    } finally {
      await stack.stop();
    }
  },
  realtime: async () => {
    // the stack as `npm run dev` runs it: its own process, started by the CLI
    const stack = await startScratchStack({ label: "bench", quiet: true });
    try {
      const { rows, throughput } = await benchRealtime({ apiUrl: stack.apiUrl, anonKey: stack.keys.anonKey, jwtSecret: stack.keys.jwtSecret, dbUrl: stack.dbUrl });
      printTable("Realtime: commit to client callback, one party, joins 20 ms apart (through the gateway, RLS per subscriber)", rows);
      printTable("Realtime: sustained burst, 10 subscribers", [throughput]);
      return { rows, throughput };
    } finally {
      await stack.stop();
    }
  },
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
