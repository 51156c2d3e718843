// One channel per habitat topic in a browser, shared by its listeners (lib/streaming/habitat-topic.ts),
// on the local realtime through the unmodified supabase-js: two listeners (the dashboard and the
// habitat's page) hear the same party and member changes over one channel; one letting go leaves
// the other listening; the last one letting go leaves the channel; malformed payloads are ignored.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { listenToHabitat, type MemberChange } from "@/lib/streaming/habitat-topic";
import type { PartyChange } from "@/lib/streaming/live-events";
import type { ConnectionStatus } from "@/lib/streaming/resilient-channel";
import type { StreamingClient } from "@/lib/streaming/streaming-repository";
import { Fixtures } from "@/supabase/tests/helpers/fixtures";
import { startTestRealtime, TestClient, type TestRealtime } from "@habitats/supabase-local/testing/realtime";

let env: TestRealtime;
let f: Fixtures;
let owner: string, member: string;
let habitat: string;
let client: TestClient;

beforeAll(async () => {
  env = await startTestRealtime();
  f = new Fixtures(env.db.pool);
  [owner, member] = [await f.user("owner"), await f.user("member")];
  habitat = await f.habitat(owner);
  client = await TestClient.create(env, await env.userToken(owner));
});

afterAll(async () => {
  await client?.close();
  await env?.close();
});

interface Heard {
  parties: PartyChange[];
  members: MemberChange[];
  subscribed: number;
  statuses: ConnectionStatus[];
}

function listener(): Heard & { stop: () => void } {
  const heard: Heard & { stop: () => void } = { parties: [], members: [], subscribed: 0, statuses: [], stop: () => undefined };
  heard.stop = listenToHabitat(client.supabase as unknown as StreamingClient, habitat, {
    onPartyChanged: (change) => heard.parties.push(change),
    onMemberChanged: (change) => heard.members.push(change),
    onSubscribed: () => (heard.subscribed += 1),
    onStatus: (status) => heard.statuses.push(status),
  });
  return heard;
}

const topics = () => client.supabase.getChannels().map((c) => c.topic);

describe("a habitat's topic, shared", () => {
  it("two listeners hear every change over one channel; one letting go leaves the other; the last leaves the channel", async () => {
    const dashboard = listener();
    const page = listener();
    await vi.waitFor(() => expect([dashboard.statuses.at(-1), page.statuses.at(-1)]).toEqual(["live", "live"]), { timeout: 10_000 });
    expect(topics()).toEqual([`realtime:habitat:${habitat}`]);
    expect(dashboard.subscribed).toBe(1);
    expect(page.subscribed).toBe(1);

    await env.db.pool.query("insert into public.habitat_members (habitat_id, user_id) values ($1, $2)", [habitat, member]);
    const party = await f.party(habitat);
    // not a member change: ignored
    await env.db.pool.query("select realtime.send($1::jsonb, 'member_changed', $2, true)", [
      JSON.stringify({ operation: "INSERT", userId: member, role: "admiral" }),
      `habitat:${habitat}`,
    ]);
    await env.db.pool.query("update public.habitat_members set role = 'moderator' where habitat_id = $1 and user_id = $2", [
      habitat,
      member,
    ]);
    for (const heard of [dashboard, page]) {
      await vi.waitFor(() => expect(heard.members).toHaveLength(2), { timeout: 5_000 });
      expect(heard.members).toEqual([
        { operation: "INSERT", userId: member, role: "member" },
        { operation: "UPDATE", userId: member, role: "moderator" },
      ]);
      expect(heard.parties.map((c) => [c.operation, c.record.id])).toEqual([["INSERT", party]]);
    }

    page.stop();
    await env.db.pool.query("delete from public.habitat_members where habitat_id = $1 and user_id = $2", [habitat, member]);
    await vi.waitFor(() => expect(dashboard.members).toHaveLength(3), { timeout: 5_000 });
    expect(dashboard.members[2]).toEqual({ operation: "DELETE", userId: member, role: null });
    expect(page.members).toHaveLength(2);
    expect(topics()).toEqual([`realtime:habitat:${habitat}`]);

    dashboard.stop();
    await vi.waitFor(() => expect(topics()).toEqual([]));
  });

  it("a listener that comes to a live channel is told so, and reads what it may have missed", async () => {
    const first = listener();
    await vi.waitFor(() => expect(first.statuses.at(-1)).toBe("live"), { timeout: 10_000 });
    const second = listener();
    expect(second.statuses).toEqual(["live"]);
    expect(second.subscribed).toBe(1);
    first.stop();
    second.stop();
    await vi.waitFor(() => expect(topics()).toEqual([]));
  });
});
