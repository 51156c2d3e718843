import { fileURLToPath } from "node:url";

/** Version (timestamp prefix) of the stream participants migration. */
export const PARTICIPANTS_VERSION = "20260104000000";
export const PARTICIPANTS_MIGRATION = fileURLToPath(new URL("../../migrations/20260104000000_stream_participants.sql", import.meta.url));
export const SCRIPTS_DIR = fileURLToPath(new URL("../../../scripts", import.meta.url));
export const ROLLBACKS_DIR = fileURLToPath(new URL("../../rollbacks", import.meta.url));
/** Version of the private live rooms migration (realtime policies and broadcasts). */
export const LIVE_ROOMS_VERSION = "20260114000000";
/** Version of the watch together migration (synchronized playback and chat). */
export const WATCH_TOGETHER_VERSION = "20260118000000";
/** Version of the security review migration (party quotas, display names, uniform refusals). */
export const SECURITY_REVIEW_VERSION = "20260116000000";
export const SECURITY_REVIEW_MIGRATION = fileURLToPath(new URL("../../migrations/20260116000000_security_review.sql", import.meta.url));
/** Version of the communities migration (invitations, membership by consent, editable parties). */
export const COMMUNITIES_VERSION = "20260115000000";
/** Version of the migration after which a join or leave reaches its room once (no count row). */
export const ROOMS_HEAR_JOINS_ONCE_VERSION = "20260119000000";
