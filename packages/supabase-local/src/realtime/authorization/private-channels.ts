// Who may use private channels (a join with config.private, an access_token refresh on such a
// channel, `private` messages of the REST broadcast API). Supabase Realtime decides it per topic,
// for reading and for writing, with the row level security policies on realtime.messages
// (Realtime.Tenants.Authorization); this service has no such policies yet, so a role may use every
// private channel when it bypasses row level security and none otherwise. Every caller asks
// through PrivateChannelCheck: this is where the realtime.messages checks belong.
import type pg from "pg";

/** Whether `role` may use private channels. */
export type PrivateChannelCheck = (role: string) => Promise<boolean>;

/** Without realtime.messages policies, only roles that bypass RLS may use private channels. */
export async function roleBypassesRls(db: pg.Pool, role: string): Promise<boolean> {
  const { rows } = await db.query<{ bypass: boolean }>("select rolbypassrls as bypass from pg_catalog.pg_roles where rolname = $1", [role]);
  return rows[0]?.bypass === true;
}
