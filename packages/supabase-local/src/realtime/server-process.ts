// The realtime service as a process of its own (started and supervised by the API process, see
// ../realtime-process.ts): startRealtime() with the options passed as JSON in REALTIME_OPTIONS, "ready"
// reported over the IPC channel, a graceful stop (the slot dropped) on SIGTERM or when the parent
// goes away.
import { startRealtime, type RealtimeOptions } from "./index";

const options = JSON.parse(process.env.REALTIME_OPTIONS ?? "{}") as Omit<RealtimeOptions, "log">;
delete process.env.REALTIME_OPTIONS;
const log = (message: string) => console.log(`${new Date().toISOString()} realtime: ${message}`);
const realtime = await startRealtime({ ...options, log });
process.send?.({ ready: realtime.url });

const shutdown = async () => {
  await realtime.stop().catch((error: unknown) => log(`stopping failed: ${String(error)}`));
  process.exit(0);
};
process.once("SIGTERM", () => void shutdown());
process.once("SIGINT", () => void shutdown());
// the API process died (even by kill -9): do not outlive it
process.once("disconnect", () => void shutdown());
