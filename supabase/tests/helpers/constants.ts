import { fileURLToPath } from "node:url";

/** Version (timestamp prefix) of the stream participants migration. */
export const PARTICIPANTS_VERSION = "20260104000000";
export const PARTICIPANTS_MIGRATION = fileURLToPath(new URL("../../migrations/20260104000000_stream_participants.sql", import.meta.url));
export const SCRIPTS_DIR = fileURLToPath(new URL("../../../scripts", import.meta.url));
