// Invitations, memberships and open transactions for the communities tests: each step as the caller
// would take it through PostgREST (the RPCs, or RLS on the tables), and reads of the outcome as the
// table owner.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { asUser, claimsOf, query, type Caller } from "@habitats/supabase-local/testing/database";

export type MemberRole = "owner" | "moderator" | "member";

export interface InviteLink {
  id: string;
  token: string;
}

export class Communities {
  constructor(private readonly pool: pg.Pool) {}

  /** A user whose account has `email` (confirmed unless told otherwise). */
  async userWithEmail(email: string, confirmed = true, name = email.split("@")[0] ?? "user"): Promise<string> {
    const id = randomUUID();
    await this.pool.query(
      `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
       values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2, '', $3, '{"provider":"email","providers":["email"]}', $4, now(), now())`,
      [id, email, confirmed ? new Date() : null, JSON.stringify({ display_name: name })],
    );
    return id;
  }

  async emailOf(userId: string): Promise<string> {
    const { rows } = await this.pool.query<{ email: string }>("select email from auth.users where id = $1", [userId]);
    return rows[0]!.email;
  }

  async inviteByEmail(caller: string, habitatId: string, email: string): Promise<string> {
    const rows = await query<{ id: string }>(this.pool, asUser(caller), "select public.invite_to_habitat($1, $2) as id", [
      habitatId,
      email,
    ]);
    return rows[0]!.id;
  }

  async inviteLink(caller: string, habitatId: string, options: { expiresAt?: Date; maxUses?: number } = {}): Promise<InviteLink> {
    const rows = await query<{ invitation_id: string; token: string }>(
      this.pool,
      asUser(caller),
      "select * from public.create_habitat_invite_link($1, $2, $3)",
      [habitatId, options.expiresAt ?? null, options.maxUses ?? null],
    );
    return { id: rows[0]!.invitation_id, token: rows[0]!.token };
  }

  async acceptLink(userId: string, token: string): Promise<string> {
    return (await query<{ id: string }>(this.pool, asUser(userId), "select public.accept_habitat_invite_link($1) as id", [token]))[0]!.id;
  }

  async accept(userId: string, invitationId: string): Promise<string> {
    return (await query<{ id: string }>(this.pool, asUser(userId), "select public.accept_habitat_invitation($1) as id", [invitationId]))[0]!
      .id;
  }

  async decline(userId: string, invitationId: string): Promise<void> {
    await query(this.pool, asUser(userId), "select public.decline_habitat_invitation($1)", [invitationId]);
  }

  async revoke(caller: string, invitationId: string): Promise<void> {
    await query(this.pool, asUser(caller), "select public.revoke_habitat_invitation($1)", [invitationId]);
  }

  /** The habitats named on `userId`'s invitation list. */
  async myInvitations(caller: Caller): Promise<Array<{ invitation_id: string; habitat_id: string; habitat_name: string }>> {
    return query(this.pool, caller, "select invitation_id, habitat_id, habitat_name from public.get_my_habitat_invitations()");
  }

  /** `userId`'s role in the habitat as stored, or null when not a member. */
  async roleOf(habitatId: string, userId: string): Promise<MemberRole | null> {
    const { rows } = await this.pool.query<{ role: MemberRole }>(
      "select role from public.habitat_members where habitat_id = $1 and user_id = $2",
      [habitatId, userId],
    );
    return rows[0]?.role ?? null;
  }

  /** The invitation as stored. */
  async invitation(id: string): Promise<{ status: string; use_count: number } | undefined> {
    const { rows } = await this.pool.query<{ status: string; use_count: number }>(
      "select status, use_count from public.habitat_invitations where id = $1",
      [id],
    );
    return rows[0];
  }

  /** `caller` deletes `userId`'s membership through RLS (leaving when it is themselves); rows deleted. */
  async removeMember(caller: string, habitatId: string, userId: string): Promise<number> {
    return (
      await query(
        this.pool,
        asUser(caller),
        "delete from public.habitat_members where habitat_id = $1 and user_id = $2 returning user_id",
        [habitatId, userId],
      )
    ).length;
  }

  /** `caller` sets `userId`'s role through RLS; rows changed. */
  async setRole(caller: string, habitatId: string, userId: string, role: MemberRole): Promise<number> {
    return (
      await query(
        this.pool,
        asUser(caller),
        "update public.habitat_members set role = $3 where habitat_id = $1 and user_id = $2 returning user_id",
        [habitatId, userId, role],
      )
    ).length;
  }
}

/** A transaction held open as `caller` on a connection of its own, to race against another. */
export class OpenTransaction {
  private constructor(private readonly client: pg.PoolClient) {}

  static async begin(pool: pg.Pool, caller: Caller): Promise<OpenTransaction> {
    const client = await pool.connect();
    const role = caller.kind === "user" ? "authenticated" : caller.kind;
    await client.query("begin");
    await client.query(`set local role ${role}`);
    await client.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify(claimsOf(caller))]);
    return new OpenTransaction(client);
  }

  /** The backend's process id, to see whether it waits for a lock. */
  get pid(): number {
    return (this.client as unknown as { processID: number }).processID;
  }

  run<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    return this.client.query<R>(sql, params);
  }

  async commit(): Promise<void> {
    try {
      await this.client.query("commit");
    } finally {
      this.client.release();
    }
  }

  async rollback(): Promise<void> {
    try {
      await this.client.query("rollback");
    } finally {
      this.client.release();
    }
  }
}

/** Resolves once backend `pid` is waiting for a lock (so the race is really on). */
export async function waitingForLock(pool: pg.Pool, pid: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { rows } = await pool.query<{ waiting: boolean }>(
      "select wait_event_type = 'Lock' as waiting from pg_stat_activity where pid = $1",
      [pid],
    );
    if (rows[0]?.waiting) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`backend ${pid} never waited for a lock`);
}

/** The SQLSTATE a promise rejects with, or "ok". */
export async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof Error && "code" in error) return String(error.code);
    throw error;
  }
}
