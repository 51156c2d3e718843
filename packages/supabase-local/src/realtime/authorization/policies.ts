// Realtime Authorization: who may read and write a private channel's topic, decided by the row level
// security policies on realtime.messages, as Realtime.Tenants.Authorization probes them.
//   read   one transaction: probe rows (topic = the sub-topic, extension broadcast, and presence
//          when asked) inserted as the service's own user (the table's owner: RLS bypassed), then
//          the caller's role, topic, claims and headers set with set_config, then
//          `select id ... where id in (probes)` as that role; a returned id means read. Rolled back.
//   write  one transaction: the same settings, then per extension a savepoint INSERT of a probe
//          row as that role: success means write, 42501 (RLS violation) means no write, any other
//          error fails the check. Rolled back.
// Each of the four answers is true, false, or null (not checked yet). Results are values; the
// channel turns them into replies, system messages or HTTP statuses.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { isConnectionError } from "../extensions/postgres-changes/connection-errors";
import type { Claims } from "./jwt";

export type Extension = "broadcast" | "presence";

export interface Permission {
  read: boolean | null;
  write: boolean | null;
}

export type Policies = Record<Extension, Permission>;

export function emptyPolicies(): Policies {
  return { broadcast: { read: null, write: null }, presence: { read: null, write: null } };
}

/** What a policy may look at besides the row: realtime.topic(), the JWT's claims, the request's headers. */
export interface AuthorizationContext {
  /** the sub-topic (the channel's topic without `realtime:`) */
  topic: string;
  claims: Claims;
  /** WebSocket: the upgrade request's x-* headers; REST: every header */
  headers: Record<string, string>;
}

/** Why a check gave no answer (Authorization.handle_policies_result). */
export type PolicyError =
  /** a Postgres error while checking (a policy that raised, an unknown role) */
  | { kind: "rls_policy_error"; message: string }
  | { kind: "query_canceled"; message: string }
  /** no realtime.messages partition for now() */
  | { kind: "missing_partition" }
  /** the database could not be reached */
  | { kind: "database_unavailable" }
  | { kind: "unknown"; message: string };

export type PolicyResult = { ok: true; policies: Policies } | { ok: false; error: PolicyError };

export interface Authorization {
  /** Reads broadcast (and presence when `presenceEnabled`); the other answers are kept. */
  read(context: AuthorizationContext, policies: Policies, options: { presenceEnabled: boolean }): Promise<PolicyResult>;
  /** Writes of both extensions; the other answers are kept. */
  write(context: AuthorizationContext, policies: Policies): Promise<PolicyResult>;
}

const NOW_UTC = "timezone('utc', now())";

/** The settings a policy reads, set for the transaction (Authorization.set_conn_config). */
async function setConnConfig(client: pg.PoolClient, context: AuthorizationContext): Promise<void> {
  const sub =
    typeof context.claims.sub === "string"
      ? context.claims.sub
      : context.claims.sub === undefined
        ? null
        : JSON.stringify(context.claims.sub);
  await client.query(
    `select set_config('role', $1, true), set_config('realtime.topic', $2, true), set_config('request.jwt.claims', $3, true),
            set_config('request.jwt.claim.sub', $4, true), set_config('request.jwt.claim.role', $1, true), set_config('request.headers', $5, true)`,
    [context.claims.role, context.topic, JSON.stringify(context.claims), sub, JSON.stringify(context.headers)],
  );
}

function sqlState(error: unknown): string {
  return typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : "";
}

const PROGRAMMING_ERRORS = [TypeError, RangeError, ReferenceError, SyntaxError];

function classify(error: unknown): PolicyError {
  const message = error instanceof Error ? error.message : String(error);
  const code = sqlState(error);
  if (/^[0-9A-Z]{5}$/.test(code)) {
    if (code === "57014") return { kind: "query_canceled", message };
    // "no partition of relation "messages" found for row"
    if (code === "23514" && (error as { table?: unknown }).table === "messages") return { kind: "missing_partition" };
    if (isConnectionError(error)) return { kind: "database_unavailable" };
    return { kind: "rls_policy_error", message };
  }
  // no SQLSTATE: the socket failed (refused, reset, terminated), unless the service itself did
  return PROGRAMMING_ERRORS.some((type) => error instanceof type) ? { kind: "unknown", message } : { kind: "database_unavailable" };
}

/** Runs `fn` in a transaction that is always rolled back. */
async function inRolledBackTransaction(db: pg.Pool, fn: (client: pg.PoolClient) => Promise<Policies>): Promise<PolicyResult> {
  let client: pg.PoolClient;
  try {
    client = await db.connect();
  } catch (error) {
    return { ok: false, error: classify(error) };
  }
  let broken = false;
  try {
    await client.query("begin");
    const policies = await fn(client);
    return { ok: true, policies };
  } catch (error) {
    broken = classify(error).kind === "database_unavailable";
    return { ok: false, error: classify(error) };
  } finally {
    if (!broken) await client.query("rollback").catch(() => (broken = true));
    client.release(broken);
  }
}

function withAnswer(policies: Policies, extension: Extension, key: keyof Permission, value: boolean): Policies {
  return { ...policies, [extension]: { ...policies[extension], [key]: value } };
}

export function createAuthorization(db: pg.Pool): Authorization {
  return {
    read: (context, policies, { presenceEnabled }) =>
      inRolledBackTransaction(db, async (client) => {
        const probes = new Map<Extension, string>([["broadcast", randomUUID()]]);
        if (presenceEnabled) probes.set("presence", randomUUID());
        const rows = [...probes.keys()].map((_, i) => `($${i * 2 + 2}::uuid, $1, $${i * 2 + 3}, ${NOW_UTC}, ${NOW_UTC})`);
        const params = [context.topic, ...[...probes].flatMap(([extension, id]) => [id, extension])];
        await client.query(
          `insert into realtime.messages (id, topic, extension, inserted_at, updated_at) values ${rows.join(", ")}`,
          params,
        );
        await setConnConfig(client, context);
        const { rows: visible } = await client.query<{ id: string }>("select id from realtime.messages where id = any($1::uuid[])", [
          [...probes.values()],
        ]);
        const seen = new Set(visible.map((row) => row.id));
        let next = policies;
        for (const [extension, id] of probes) next = withAnswer(next, extension, "read", seen.has(id));
        return next;
      }),
    write: (context, policies) =>
      inRolledBackTransaction(db, async (client) => {
        await setConnConfig(client, context);
        let next = policies;
        for (const extension of ["broadcast", "presence"] as const) {
          await client.query("savepoint write_probe");
          try {
            await client.query(
              `insert into realtime.messages (topic, extension, inserted_at, updated_at) values ($1, $2, ${NOW_UTC}, ${NOW_UTC})`,
              [context.topic, extension],
            );
            next = withAnswer(next, extension, "write", true);
          } catch (error) {
            if (sqlState(error) !== "42501") throw error;
            next = withAnswer(next, extension, "write", false);
          }
          await client.query("rollback to savepoint write_probe");
        }
        return next;
      }),
  };
}

/**
 * A request's headers as policies see them in request.headers: every header (REST), or only the
 * x-* ones (the websocket upgrade, as Phoenix's x_headers); names in lower case, repeated values
 * joined.
 */
export function policyHeaders(headers: Record<string, string | string[] | undefined>, only?: "x-"): Record<string, string> {
  const kept = Object.entries(headers).filter(
    (entry): entry is [string, string | string[]] => entry[1] !== undefined && (only === undefined || entry[0].startsWith(only)),
  );
  return Object.fromEntries(kept.map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value.join(", ") : value]));
}
