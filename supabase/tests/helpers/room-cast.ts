// The people of a watch party's room for the playback and chat tests: a habitat's owner and
// moderator, a member who has not joined, a participant, the host (first to join), an ex-member
// (joined, then left the habitat) and a stranger with a habitat of their own.
import type pg from "pg";
import type { Fixtures } from "./fixtures";

export type CastMember = "owner" | "moderator" | "member" | "participant" | "host" | "exMember" | "stranger";

export interface Cast {
  ids: Record<CastMember, string>;
  habitat: string;
}

export async function createCast(f: Fixtures): Promise<Cast> {
  const names = ["owner", "moderator", "member", "participant", "host", "ex-member", "stranger"];
  const [owner, moderator, member, participant, host, exMember, stranger] = await Promise.all(names.map((name) => f.user(name)));
  const ids = {
    owner: owner!,
    moderator: moderator!,
    member: member!,
    participant: participant!,
    host: host!,
    exMember: exMember!,
    stranger: stranger!,
  };
  const habitat = await f.habitat(ids.owner, { moderator: [ids.moderator], member: [ids.member, ids.participant, ids.host, ids.exMember] });
  await f.habitat(ids.stranger);
  return { ids, habitat };
}

/**
 * A new party of the cast's habitat: the host joins first, then the participant and the ex-member;
 * the ex-member is a member again while joining. `exMemberLeaves` then removes them from the habitat.
 */
export async function castParty(
  pool: pg.Pool,
  f: Fixtures,
  { ids, habitat }: Cast,
  { exMemberLeaves }: { exMemberLeaves: boolean },
): Promise<string> {
  const party = await f.party(habitat);
  await f.join(ids.host, party);
  await f.join(ids.participant, party);
  await pool.query("insert into public.habitat_members (habitat_id, user_id) values ($1, $2) on conflict do nothing", [
    habitat,
    ids.exMember,
  ]);
  await f.join(ids.exMember, party);
  if (exMemberLeaves)
    await pool.query("delete from public.habitat_members where habitat_id = $1 and user_id = $2", [habitat, ids.exMember]);
  return party;
}
