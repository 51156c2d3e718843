// Keeps Postgres running while the API runs: Postgres is a daemon (pg_ctl), not a child, so its
// postmaster is watched by pid; when it dies (kill -9, a crash) it is started again with pg_ctl,
// and crash recovery brings back every committed transaction. PostgREST, auth and realtime
// reconnect by themselves.
import { restartPostgres, runningPid, type PostgresOptions } from "./postgres";

export interface PostgresSupervisorOptions {
  postgres: PostgresOptions;
  /** how often the postmaster is checked; default 100 ms */
  intervalMs?: number;
  log?(message: string): void;
}

export interface PostgresSupervisorHandle {
  stop(): Promise<void>;
}

const BACKOFF_MS = [0, 100, 200, 400, 800, 1600, 2000];

export function supervisePostgres(options: PostgresSupervisorOptions): PostgresSupervisorHandle {
  const { postgres } = options;
  const log = options.log ?? (() => undefined);
  const intervalMs = options.intervalMs ?? 100;
  let stopping = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: Promise<void> = Promise.resolve();

  /** Restarts until it runs again (the dead server's backends may hold its memory a moment). */
  const recover = async (): Promise<void> => {
    const since = Date.now();
    log("Postgres is not running; restarting it");
    for (let attempt = 0; !stopping; attempt++) {
      await new Promise((r) => setTimeout(r, BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]));
      if (stopping) return;
      try {
        await restartPostgres(postgres);
        log(`Postgres is back after ${Date.now() - since} ms`);
        return;
      } catch (error) {
        log(`restarting Postgres failed (${error instanceof Error ? error.message.trim() : String(error)}); retrying`);
      }
    }
  };

  const check = () => {
    timer = undefined;
    if (stopping) return;
    current = (runningPid(postgres.dataDir) === undefined ? recover() : Promise.resolve()).finally(() => {
      if (!stopping) timer = setTimeout(check, intervalMs);
    });
  };
  timer = setTimeout(check, intervalMs);

  return {
    stop: async () => {
      stopping = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
