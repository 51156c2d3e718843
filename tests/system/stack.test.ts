import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "@habitats/supabase-local/testing/database";
import { generateKeys, type StackKeys } from "@habitats/supabase-local/keys";
import { freePort } from "@habitats/supabase-local/ports";
import { startStack, type StackHandle } from "@habitats/supabase-local/stack";
import { waitFor } from "@habitats/supabase-local/testing/wait";

// The API side of the stack (gateway → PostgREST and auth) on a fresh database, driven by the
// unmodified supabase-js exactly as the app drives it.
let db: TestDatabase;
let stack: StackHandle;
let keys: StackKeys;
let runDir: string;

const client = (key: string): SupabaseClient =>
  createClient(stack.apiUrl, key, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
  });

async function signedUp(email: string, displayName: string): Promise<{ client: SupabaseClient; id: string }> {
  const c = client(keys.anonKey);
  const { data, error } = await c.auth.signUp({ email, password: "password123", options: { data: { display_name: displayName } } });
  if (error || !data.user) throw error ?? new Error("no user");
  return { client: c, id: data.user.id };
}

let alice: { client: SupabaseClient; id: string };
let bob: { client: SupabaseClient; id: string };
let carol: { client: SupabaseClient; id: string };
let habitatId: string;
let partyId: string;

beforeAll(async () => {
  db = await freshDatabase();
  keys = await generateKeys();
  runDir = mkdtempSync(join(tmpdir(), "hwp-stack-"));
  const name = new URL(db.url).pathname.slice(1);
  stack = await startStack({
    database: { port: Number(new URL(db.url).port), name, password: "postgres" },
    apiPort: await freePort(),
    keys,
    runDir,
  });
  [alice, bob, carol] = await Promise.all([
    signedUp("alice@example.com", "Alice"),
    signedUp("bob@example.com", "Bob"),
    signedUp("carol@example.com", "Carol"),
  ]);
  const habitat = await alice.client.from("habitats").insert({ name: "Movie Night" }).select("id").single();
  if (habitat.error) throw habitat.error;
  habitatId = habitat.data.id as string;
  // Bob becomes a member by consent: Alice invites his address, he accepts
  const invitation = await alice.client.rpc("invite_to_habitat", { p_habitat_id: habitatId, p_email: "bob@example.com" });
  if (invitation.error) throw invitation.error;
  const accepted = await bob.client.rpc("accept_habitat_invitation", { p_invitation_id: invitation.data as string });
  if (accepted.error) throw accepted.error;
  const party = await alice.client
    .from("habitat_watch_parties")
    .insert({ habitat_id: habitatId, title: "Premiere", scheduled_start: new Date(Date.now() + 86_400_000).toISOString() })
    .select("id")
    .single();
  if (party.error) throw party.error;
  partyId = party.data.id as string;
});

afterAll(async () => {
  await stack?.stop();
  await db?.close();
  rmSync(runDir, { recursive: true, force: true });
});

describe("REST through the gateway with RLS, as the app uses it", () => {
  it("the first member to join hosts; the next does not; the count follows", async () => {
    const first = await bob.client.from("stream_participants").insert({ stream_id: partyId, user_id: bob.id }).select("is_host").single();
    expect(first.error).toBeNull();
    expect(first.data).toEqual({ is_host: true });
    const second = await alice.client
      .from("stream_participants")
      .insert({ stream_id: partyId, user_id: alice.id })
      .select("is_host")
      .single();
    expect(second.data).toEqual({ is_host: false });
    const party = await alice.client.from("habitat_watch_parties").select("participant_count").eq("id", partyId).single();
    expect(party.data).toEqual({ participant_count: 2 });
  });

  it("joining twice answers 409 with Postgres' unique violation code", async () => {
    const again = await bob.client.from("stream_participants").insert({ stream_id: partyId, user_id: bob.id });
    expect(again.status).toBe(409);
    expect(again.error?.code).toBe("23505");
  });

  it("get_stream_participants returns names and host in join order", async () => {
    const { data, error } = await alice.client.rpc("get_stream_participants", { p_stream_id: partyId });
    expect(error).toBeNull();
    expect((data as Array<{ display_name: string; is_host: boolean }>).map((p) => [p.display_name, p.is_host])).toEqual([
      ["Bob", true],
      ["Alice", false],
    ]);
  });

  it("the views carry the caller's participation and the host", async () => {
    const { data } = await alice.client
      .from("upcoming_watch_parties")
      .select("title, participant_count, host_display_name, is_user_participant, is_user_host")
      .eq("id", partyId)
      .single();
    expect(data).toEqual({
      title: "Premiere",
      participant_count: 2,
      host_display_name: "Bob",
      is_user_participant: true,
      is_user_host: false,
    });
  });

  it("embedded selects: a habitat with its parties, a party with its participants", async () => {
    const habitat = await bob.client
      .from("habitats")
      .select("name, habitat_watch_parties(title, participant_count)")
      .eq("id", habitatId)
      .single();
    expect(habitat.data).toEqual({ name: "Movie Night", habitat_watch_parties: [{ title: "Premiere", participant_count: 2 }] });
    const party = await bob.client
      .from("habitat_watch_parties")
      .select("title, stream_participants(user_id, is_host)")
      .eq("id", partyId)
      .single();
    expect(party.data?.stream_participants).toHaveLength(2);
  });

  it("a participant turns their reminder on, and cannot make themselves host", async () => {
    const reminder = await alice.client
      .from("stream_participants")
      .update({ reminder_enabled: true })
      .eq("stream_id", partyId)
      .eq("user_id", alice.id)
      .select("reminder_enabled");
    expect(reminder.data).toEqual([{ reminder_enabled: true }]);
    const host = await alice.client.from("stream_participants").update({ is_host: true }).eq("user_id", alice.id);
    expect(host.error?.code).toBe("42501");
  });

  it("a stranger sees nothing and cannot join", async () => {
    expect((await carol.client.from("stream_participants").select("*")).data).toEqual([]);
    expect((await carol.client.from("habitat_watch_parties").select("*")).data).toEqual([]);
    expect((await carol.client.rpc("get_stream_participants", { p_stream_id: partyId })).data).toEqual([]);
    const join = await carol.client.from("stream_participants").insert({ stream_id: partyId, user_id: carol.id });
    expect(join.error?.code).toBe("42501");
  });

  it("a non-host removes nobody; the host hands over and the new host removes", async () => {
    const denied = await alice.client.from("stream_participants").delete().eq("stream_id", partyId).eq("user_id", bob.id).select();
    expect(denied.data).toEqual([]);
    const handover = await bob.client.rpc("transfer_stream_host", { p_stream_id: partyId, p_new_host_user_id: alice.id });
    expect(handover.error).toBeNull();
    const removed = await alice.client
      .from("stream_participants")
      .delete()
      .eq("stream_id", partyId)
      .eq("user_id", bob.id)
      .select("user_id");
    expect(removed.data).toEqual([{ user_id: bob.id }]);
    const left = await alice.client.rpc("get_stream_participants", { p_stream_id: partyId });
    expect((left.data as Array<{ display_name: string; is_host: boolean }>).map((p) => [p.display_name, p.is_host])).toEqual([
      ["Alice", true],
    ]);
  });

  it("membership by consent: no direct insert; an invite link admits through REST, and its refusals carry their HTTP status", async () => {
    const direct = await alice.client.from("habitat_members").insert({ habitat_id: habitatId, user_id: carol.id });
    expect(direct.status).toBe(403);
    expect(direct.error?.code).toBe("42501");
    // a habitat of Bob's own, so Carol joining it leaves her a stranger to Movie Night
    const own = await bob.client.from("habitats").insert({ name: "Bob's den" }).select("id").single();
    if (own.error) throw own.error;
    const link = await bob.client.rpc("create_habitat_invite_link", { p_habitat_id: own.data.id as string, p_max_uses: 1 });
    const token = (link.data as Array<{ token: string }>)[0]!.token;
    const preview = await carol.client.rpc("get_habitat_invite_link", { p_token: token });
    expect(preview.data).toEqual([{ habitat_id: own.data.id, habitat_name: "Bob's den", state: "open" }]);
    const joined = await carol.client.rpc("accept_habitat_invite_link", { p_token: token });
    expect(joined.data).toBe(own.data.id);
    const usedUp = await alice.client.rpc("accept_habitat_invite_link", { p_token: token });
    expect([usedUp.status, usedUp.error?.code]).toEqual([410, "PT410"]);
    const unknown = await alice.client.rpc("accept_habitat_invite_link", { p_token: "x".repeat(32) });
    expect([unknown.status, unknown.error?.code]).toEqual([404, "PT404"]);
    const lastOwner = await bob.client
      .from("habitat_members")
      .delete()
      .eq("habitat_id", own.data.id as string)
      .eq("user_id", bob.id);
    expect([lastOwner.status, lastOwner.error?.code]).toEqual([409, "PT409"]);
  });

  it("anon (the anon key, no session) reads nothing and writes nothing", async () => {
    const anon = client(keys.anonKey);
    const read = await anon.from("habitat_watch_parties").select("*");
    expect(read.error?.code).toBe("42501");
    const write = await anon.from("stream_participants").insert({ stream_id: partyId, user_id: alice.id });
    expect(write.error?.code).toBe("42501");
  });

  it("the service role sees everything", async () => {
    const service = client(keys.serviceRoleKey);
    const { data } = await service.from("stream_participants").select("user_id").eq("stream_id", partyId);
    expect(data).toEqual([{ user_id: alice.id }]);
  });
});

describe("realtime through the gateway", () => {
  /** Subscribes `who` to joins of `party` and collects the user ids it is told about. */
  async function watchJoins(who: SupabaseClient, party: string): Promise<{ seen: string[]; close: () => Promise<unknown> }> {
    const seen: string[] = [];
    const channel = who
      .channel(`party-${party}`)
      .on(
        "postgres_changes",
        { event: "INSERT", schema: "public", table: "stream_participants", filter: `stream_id=eq.${party}` },
        (payload) => {
          seen.push((payload.new as { user_id: string }).user_id);
        },
      );
    await new Promise<void>((resolve, reject) =>
      channel.subscribe((status, error) =>
        status === "SUBSCRIBED"
          ? resolve()
          : status === "CHANNEL_ERROR" || status === "TIMED_OUT"
            ? reject(error ?? new Error(status))
            : undefined,
      ),
    );
    return { seen, close: () => who.removeChannel(channel) };
  }

  it("a member's subscription sees a join; a stranger's, on the same filter, sees nothing", async () => {
    const party = await alice.client
      .from("habitat_watch_parties")
      .insert({ habitat_id: habitatId, title: "Live", scheduled_start: new Date(Date.now() + 3_600_000).toISOString() })
      .select("id")
      .single();
    const partyId2 = party.data!.id as string;
    // a party of the stranger's own: her join there, committed after Bob's, is the marker that
    // tells when Bob's join would have reached her
    const own = await carol.client.from("habitats").insert({ name: "Carol's place" }).select("id").single();
    if (own.error) throw own.error;
    const ownParty = await carol.client
      .from("habitat_watch_parties")
      .insert({ habitat_id: own.data.id as string, title: "Marker", scheduled_start: new Date(Date.now() + 3_600_000).toISOString() })
      .select("id")
      .single();
    if (ownParty.error) throw ownParty.error;
    // the clients' sessions give realtime their access tokens, as in the browser
    const member = await watchJoins(alice.client, partyId2);
    const stranger = await watchJoins(carol.client, partyId2);
    const marker = await watchJoins(carol.client, ownParty.data.id as string);
    try {
      await bob.client.from("stream_participants").insert({ stream_id: partyId2, user_id: bob.id });
      await carol.client.from("stream_participants").insert({ stream_id: ownParty.data.id as string, user_id: carol.id });
      await waitFor("the member's join and the stranger's marker", () => member.seen.length > 0 && marker.seen.length > 0);
      expect(member.seen).toEqual([bob.id]);
      expect(marker.seen).toEqual([carol.id]);
      expect(stranger.seen).toEqual([]);
    } finally {
      await Promise.all([member.close(), stranger.close(), marker.close()]);
    }
  });

  it("refuses a websocket without an apikey", async () => {
    const url = `${stack.apiUrl.replace("http", "ws")}/realtime/v1/websocket?vsn=2.0.0`;
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(url);
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.on("open", () => resolve(101));
    });
    expect(status).toBe(401);
  });
});

describe("the gateway", () => {
  it("refuses requests without an apikey, or with a foreign one", async () => {
    const missing = await fetch(`${stack.apiUrl}/rest/v1/habitats`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ message: "No API key found in request" });
    const foreign = (await generateKeys()).anonKey;
    const wrong = await fetch(`${stack.apiUrl}/rest/v1/habitats`, { headers: { apikey: foreign } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ message: "Invalid API key" });
  });

  it("refuses a JWT signed by another project even with a valid apikey", async () => {
    const foreign = await generateKeys();
    const res = await fetch(`${stack.apiUrl}/rest/v1/habitats`, {
      headers: { apikey: keys.anonKey, authorization: `Bearer ${foreign.serviceRoleKey}` },
    });
    expect(res.status).toBe(401);
  });

  it("answers CORS preflights for the browser", async () => {
    const res = await fetch(`${stack.apiUrl}/rest/v1/habitats`, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:3000",
        "access-control-request-method": "POST",
        "access-control-request-headers": "apikey, authorization, content-type",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(res.headers.get("access-control-allow-headers")).toContain("apikey");
  });

  it("an unknown route is a 404", async () => {
    const res = await fetch(`${stack.apiUrl}/storage/v1/bucket`, { headers: { apikey: keys.anonKey } });
    expect(res.status).toBe(404);
  });
});
