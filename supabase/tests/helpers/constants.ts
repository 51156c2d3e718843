import { fileURLToPath } from "node:url";

/** Version (timestamp prefix) of the stream participants migration. */
export const PARTICIPANTS_VERSION = "20260104000000";
export const PARTICIPANTS_MIGRATION = fileURLToPath(new URL("../../migrations/20260104000000_stream_participants.sql", import.meta.url));
export const SCRIPTS_DIR = fileURLToPath(new URL("../../../scripts", import.meta.url));
export const ROLLBACKS_DIR = fileURLToPath(new URL("../../rollbacks", import.meta.url));
/** Version of the private live rooms migration (realtime policies and broadcasts). */
export const LIVE_ROOMS_VERSION = "20260114000000";
