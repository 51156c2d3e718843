// The partitions of realtime.messages over time, as Realtime keeps them: created for yesterday to
// three days ahead when the service starts (Tenants.create_messages_partitions on connect), then
// every `intervalMs` (Realtime's Janitor: every 4 hours) the old ones dropped and the next ones
// created (Janitor.MaintenanceTask).
import type pg from "pg";
import { createMessagesPartitions, deleteOldMessages } from "./messages";

/** Realtime's JANITOR_SCHEDULE_TIMER_IN_MS default. */
export const JANITOR_INTERVAL_MS = 4 * 60 * 60 * 1000;

export interface JanitorOptions {
  db: pg.Pool;
  intervalMs?: number;
  log(message: string): void;
}

export interface Janitor {
  /** One maintenance run: old partitions dropped, the next ones created. */
  run(): Promise<void>;
  /** Stops the schedule; resolves once a run in progress has finished. */
  stop(): Promise<void>;
}

/** Resolves once the partitions around today exist. */
export async function startJanitor(options: JanitorOptions): Promise<Janitor> {
  const { db, log } = options;
  await createMessagesPartitions(db, log);
  let running: Promise<void> | undefined;
  const run = () =>
    (running ??= (async () => {
      try {
        const dropped = await deleteOldMessages(db, log);
        if (dropped.length > 0) log(`janitor dropped ${dropped.join(", ")}`);
        await createMessagesPartitions(db, log);
      } catch (error) {
        log(`janitor failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        running = undefined;
      }
    })());
  const timer = setInterval(() => void run(), options.intervalMs ?? JANITOR_INTERVAL_MS);
  timer.unref();
  return {
    run,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
