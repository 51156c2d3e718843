// Builds users, habitats and parties directly (as the table owner), and reads back what the
// database holds, so tests assert on outcomes rather than on what a caller may see.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { as, asUser } from "@habitats/supabase-local/testing/database";

export type Role = "owner" | "moderator" | "member";

export interface Participant {
  user_id: string;
  is_host: boolean;
  reminder_enabled: boolean;
  joined_at: Date;
}

export interface HealthRow {
  check_name: string;
  stream_id: string;
  detail: string;
}

export class Fixtures {
  constructor(private readonly pool: pg.Pool) {}

  async user(name = "user"): Promise<string> {
    const id = randomUUID();
    await this.pool.query(
      `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
       values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2, '', now(), '{"provider":"email","providers":["email"]}', $3, now(), now())`,
      [id, `${name}-${id.slice(0, 8)}@example.com`, JSON.stringify({ display_name: name })],
    );
    return id;
  }

  async users(count: number, prefix = "user"): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(await this.user(`${prefix}${i}`));
    return ids;
  }

  /** A habitat owned by `owner` (through the creation trigger), with `members` added. */
  async habitat(owner: string, members: Partial<Record<Role, string[]>> = {}): Promise<string> {
    const { rows } = await this.pool.query<{ id: string }>("insert into public.habitats (name, created_by) values ($1, $2) returning id", [
      `Habitat ${randomUUID().slice(0, 6)}`,
      owner,
    ]);
    const habitatId = rows[0]!.id;
    for (const [role, ids] of Object.entries(members)) {
      for (const userId of ids ?? []) {
        await this.pool.query("insert into public.habitat_members (habitat_id, user_id, role) values ($1, $2, $3)", [
          habitatId,
          userId,
          role,
        ]);
      }
    }
    return habitatId;
  }

  async party(habitatId: string, options: { status?: string; startsInHours?: number; createdBy?: string } = {}): Promise<string> {
    const { rows } = await this.pool.query<{ id: string }>(
      `insert into public.habitat_watch_parties (habitat_id, title, scheduled_start, status, created_by)
       values ($1, $2, now() + make_interval(hours => $3), $4, $5) returning id`,
      [
        habitatId,
        `Party ${randomUUID().slice(0, 6)}`,
        options.startsInHours ?? 24,
        options.status ?? "scheduled",
        options.createdBy ?? null,
      ],
    );
    return rows[0]!.id;
  }

  /** `userId` joins `partyId` as themselves, through RLS. */
  async join(userId: string, partyId: string): Promise<Participant> {
    return as(this.pool, asUser(userId), async (client) => {
      const { rows } = await client.query<Participant>(
        "insert into public.stream_participants (stream_id, user_id) values ($1, $2) returning user_id, is_host, reminder_enabled, joined_at",
        [partyId, userId],
      );
      return rows[0]!;
    });
  }

  /** `userId` leaves `partyId` through RLS; returns how many rows went. */
  async leave(userId: string, partyId: string): Promise<number> {
    return as(this.pool, asUser(userId), async (client) => {
      const res = await client.query("delete from public.stream_participants where stream_id = $1 and user_id = $2", [partyId, userId]);
      return res.rowCount ?? 0;
    });
  }

  /** The participants of a party in join order, as stored. */
  async participants(partyId: string): Promise<Participant[]> {
    const { rows } = await this.pool.query<Participant>(
      "select user_id, is_host, reminder_enabled, joined_at from public.stream_participants where stream_id = $1 order by joined_at, id",
      [partyId],
    );
    return rows;
  }

  async host(partyId: string): Promise<string | undefined> {
    return (await this.participants(partyId)).find((p) => p.is_host)?.user_id;
  }

  async count(partyId: string): Promise<number> {
    const { rows } = await this.pool.query<{ participant_count: number }>(
      "select participant_count from public.habitat_watch_parties where id = $1",
      [partyId],
    );
    return rows[0]!.participant_count;
  }

  async health(): Promise<HealthRow[]> {
    return (await this.pool.query<HealthRow>("select * from public.stream_participants_health()")).rows;
  }
}
