// What the service's own role needs on the realtime schema, as Realtime's tenant migrations grant it
// (CreateRealtimeAdminAndMoveOwnership: GRANT ALL PRIVILEGES ON SCHEMA realtime TO
// supabase_realtime_admin): USAGE and CREATE, without which it cannot probe the policies, replay or
// keep the partitions of realtime.messages (a table it owns). Granted at start through the admin
// connection when missing, as Realtime runs its migrations as supabase_admin.
import pg from "pg";

export async function ensureSchemaPrivileges(
  db: pg.Pool,
  adminDatabaseUrl: string | undefined,
  log: (message: string) => void,
): Promise<void> {
  const { rows } = await db.query<{ granted: boolean; role: string }>(
    "select has_schema_privilege('realtime', 'USAGE') and has_schema_privilege('realtime', 'CREATE') as granted, current_user as role",
  );
  const { granted, role } = rows[0]!;
  if (granted) return;
  if (!adminDatabaseUrl) {
    log(
      `${role} lacks USAGE or CREATE on schema realtime and no admin connection was given: private channels, replay and partitions will fail`,
    );
    return;
  }
  const admin = new pg.Client({ connectionString: adminDatabaseUrl, application_name: "supabase_realtime_local" });
  await admin.connect();
  try {
    await admin.query(`grant usage, create on schema realtime to ${pg.escapeIdentifier(role)}`);
    log(`granted USAGE and CREATE on schema realtime to ${role}`);
  } finally {
    await admin.end();
  }
}
