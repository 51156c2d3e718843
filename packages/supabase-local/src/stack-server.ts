// The local stack's API process, started detached by `cli.ts start`: runs startStack() (gateway,
// auth, and the supervision of PostgREST, realtime and Postgres) until it gets SIGTERM; SIGUSR1
// reloads PostgREST's schema cache. Configuration comes as JSON in STACK_SERVER_CONFIG (not on the
// command line: it holds the keys); its stdout and stderr go to logs/stack.log.
import { rmSync, writeFileSync } from "node:fs";
import type { StackOptions } from "./stack";
import { startStack } from "./stack";

interface ServerConfig extends StackOptions {
  pidFile: string;
}

const config = JSON.parse(process.env.STACK_SERVER_CONFIG ?? "{}") as ServerConfig;
delete process.env.STACK_SERVER_CONFIG; // children get only what they need
const stack = await startStack(config);
writeFileSync(config.pidFile, String(process.pid));
console.log(`${new Date().toISOString()} stack ready at ${stack.apiUrl}`);

process.on("SIGUSR1", () => stack.reloadSchema());
const shutdown = async () => {
  await stack.stop();
  rmSync(config.pidFile, { force: true });
  console.log(`${new Date().toISOString()} stack stopped`);
  process.exit(0);
};
process.once("SIGTERM", () => void shutdown());
process.once("SIGINT", () => void shutdown());
