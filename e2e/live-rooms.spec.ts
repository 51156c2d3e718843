// The party room's live channel is private: nobody outside the habitat hears it or shows up in it.
// Intruders use the unmodified supabase-js, as anyone with the public anon key could.
import { createClient, type RealtimeChannel, type SupabaseClient } from "@supabase/supabase-js";
import WebSocket from "ws";
import { apiAs, createParty, participant, participantCount, settled, USERS } from "./helpers";
import { expect, test } from "./fixtures";
import { readStack } from "./stack";

/** The anon key only, no session. */
function anonymous(): SupabaseClient {
  const { apiUrl, anonKey } = readStack();
  return createClient(apiUrl, anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
  });
}

/** Joins `topic` (public or private), tracks presence as `key`, and sends a forged join; resolves with the join's outcome. */
async function intrude(
  supabase: SupabaseClient,
  topic: string,
  isPrivate: boolean,
  key: string,
): Promise<{ channel: RealtimeChannel; status: string }> {
  await supabase.realtime.setAuth();
  const channel = supabase.channel(topic, { config: { private: isPrivate, presence: { key, enabled: true } } });
  const status = await new Promise<string>((resolve) => {
    channel.subscribe((s) => {
      if (s !== "SUBSCRIBED" && s !== "CHANNEL_ERROR" && s !== "TIMED_OUT") return;
      resolve(s);
    });
  });
  if (status === "SUBSCRIBED") {
    await channel.track({ display_name: "Alice", user_id: USERS.alice.id });
    await channel.send({
      type: "broadcast",
      event: "participant_joined",
      payload: {
        participant: {
          participantId: "forged",
          userId: key,
          displayName: "Mallory",
          avatarUrl: null,
          isHost: true,
          joinedAt: new Date().toISOString(),
        },
      },
    });
  }
  return { channel, status };
}

test("intruders (anon or a non-member, public or private topic) never show up in a member's room, nor change it", async ({ open }) => {
  const party = await createParty();
  const topic = `party:${party.id}`;
  const alice = await open(USERS.alice, `/parties/${party.id}`);
  await alice.getByRole("button", { name: "Join party" }).click();
  await expect(participantCount(alice)).toHaveText("1 participant");
  await settled(alice);
  await expect(alice.getByText("Live updates on")).toBeVisible();

  // a client per attempt: realtime-js hands back the channel a client already has for a topic
  const clients = [anonymous(), await apiAs(USERS.carol), anonymous(), await apiAs(USERS.carol)];
  const [anonPublic, carolPublic, anonPrivate, carolPrivate] = clients;
  const attempts = [
    // the public topic of the same name: joined, but it is another channel than the room's
    await intrude(anonPublic!, topic, false, USERS.bob.id),
    await intrude(carolPublic!, topic, false, "intruder"),
    // the room's own private channel: refused
    await intrude(anonPrivate!, topic, true, USERS.bob.id),
    await intrude(carolPrivate!, topic, true, USERS.carol.id),
  ];
  expect(attempts.map((a) => a.status)).toEqual(["SUBSCRIBED", "SUBSCRIBED", "CHANNEL_ERROR", "CHANNEL_ERROR"]);

  // a real member arriving is the marker: once Alice sees Bob, she would have seen the intruders
  const bob = await open(USERS.bob, `/parties/${party.id}`);
  await expect(bob.getByText("Live updates on")).toBeVisible();
  const online = alice.getByRole("list", { name: "Online now" }).getByRole("listitem");
  await expect(online).toHaveText(["Alice", "Bob"]);
  await expect(participant(alice, "Mallory")).toHaveCount(0);
  await expect(participantCount(alice)).toHaveText("1 participant");

  await Promise.all(clients.map((client) => client.removeAllChannels()));
});
