// The party room's chat: live in every open room without a reload, join and host lines, the host
// removing a message, the database's rate limit said in words, bad input refused with a clear
// message and nothing changed, and nothing of it for someone outside the habitat (REST or realtime).
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import WebSocket from "ws";
import { apiAs, asSuperuser, createParty, expectNotReloaded, markPage, unique, USERS } from "./helpers";
import { expect, test } from "./fixtures";
import { readStack } from "./stack";
import { chat, chatList, joinParty, say, threeMemberHabitat } from "./watch-together";

let habitatId: string;

test.beforeAll(async () => {
  habitatId = await threeMemberHabitat();
});

const messagesIn = (partyId: string) =>
  asSuperuser(async (db) =>
    (
      await db.query<{ body: string }>("select body from public.party_messages where party_id = $1 order by created_at", [partyId])
    ).rows.map((r) => r.body),
  );

test("messages appear in every open room without a reload, with author and time; joins and the host show; the host removes one", async ({
  open,
}) => {
  // three browsers on a shared 2-core machine: room for a slow minute
  test.setTimeout(150_000);
  const party = await createParty({ title: `Chat ${unique()}`, habitatId });
  const alice = await open(USERS.alice, `/parties/${party.id}`);
  await joinParty(alice);
  const bob = await open(USERS.bob, `/parties/${party.id}`);
  const carol = await open(USERS.carol, `/parties/${party.id}`);
  for (const page of [alice, bob, carol]) await markPage(page);
  await joinParty(bob);
  await expect(chatList(alice).getByText("Bob joined")).toBeVisible();

  await say(alice, "Welcome, everyone!");
  for (const page of [bob, carol]) {
    const message = chat(page).getByRole("listitem").filter({ hasText: "Welcome, everyone!" });
    await expect(message).toContainText("Alice");
    await expect(message.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);
  }
  await say(bob, "Thanks! Is the sound on?");
  await expect(chatList(carol).getByText("Thanks! Is the sound on?")).toBeVisible();

  // Carol has not joined: she reads, but the composer says why she cannot write
  await expect(chat(carol).getByRole("textbox", { name: "Message" })).toBeDisabled();
  await expect(chat(carol).getByText("Join the party to chat.")).toBeVisible();

  // the host removes Bob's message; it goes from every room
  await chat(alice).getByRole("button", { name: "Delete message from Bob" }).click();
  for (const page of [alice, bob, carol]) await expect(chatList(page).getByText("Thanks! Is the sound on?")).toHaveCount(0);
  expect(await messagesIn(party.id)).toEqual(["Welcome, everyone!"]);

  // Bob edits nothing of Alice's, but his own
  await say(bob, "Sound is fine");
  await expect(chat(bob).getByRole("button", { name: "Delete message from Alice" })).toHaveCount(0);
  const own = chat(bob).getByRole("listitem").filter({ hasText: "Sound is fine" });
  await own.getByRole("button", { name: "Edit" }).click();
  // while editing, the message's text is the textbox's value
  await chat(bob).getByRole("textbox", { name: "Edit message" }).fill("Sound is perfect");
  await chat(bob).getByRole("button", { name: "Save" }).click();
  await expect(chatList(alice).getByText("Sound is perfect")).toBeVisible();
  await expect(chat(alice).getByRole("listitem").filter({ hasText: "Sound is perfect" })).toContainText("(edited)");

  // the host leaves: the chat says who hosts now
  await alice.getByRole("button", { name: "Leave party" }).click();
  await expect(chatList(bob).getByText("Alice left")).toBeVisible();
  await expect(chatList(bob).getByText("Bob is now the host")).toBeVisible();
  for (const page of [alice, bob, carol]) await expectNotReloaded(page);
});

test("the rate limit: the sixth message in 10 seconds is refused with a readable message, and is not stored", async ({ open }) => {
  const party = await createParty({ title: `Rate limit ${unique()}`, habitatId });
  const bob = await open(USERS.bob, `/parties/${party.id}`);
  await joinParty(bob);
  for (let i = 1; i <= 5; i++) await say(bob, `message ${i}`);
  await chat(bob).getByRole("textbox", { name: "Message" }).fill("message 6");
  await chat(bob).getByRole("button", { name: "Send" }).click();
  await expect(chat(bob).getByRole("alert")).toHaveText("You are sending messages too quickly. Wait a few seconds and try again.");
  await expect(chat(bob).getByRole("textbox", { name: "Message" })).toHaveValue("message 6");
  expect(await messagesIn(party.id)).toHaveLength(5);

  // the database says the same to any client: 429, not a 500
  const api = await apiAs(USERS.bob);
  const { status, error } = await api.from("party_messages").insert({ party_id: party.id, body: "over the limit" });
  expect(status).toBe(429);
  expect(error?.message).toBe("you are sending messages too quickly: wait a few seconds");
});

test("malformed and oversized messages get a clear error and change nothing (the app and REST)", async ({ open }) => {
  const party = await createParty({ title: `Bad input ${unique()}`, habitatId });
  const bob = await open(USERS.bob, `/parties/${party.id}`);
  await joinParty(bob);
  const box = chat(bob).getByRole("textbox", { name: "Message" });
  await box.fill("x".repeat(501));
  await expect(chat(bob).getByText("501 of 500 characters")).toBeVisible();
  await chat(bob).getByRole("button", { name: "Send" }).click();
  await expect(chat(bob).getByRole("alert")).toHaveText("Keep messages to 500 characters");
  await box.fill("   ");
  await chat(bob).getByRole("button", { name: "Send" }).click();
  await expect(chat(bob).getByRole("alert")).toHaveText("Write a message first");
  await box.fill("look \u202eeulb si yks eht");
  await chat(bob).getByRole("button", { name: "Send" }).click();
  await expect(chat(bob).getByRole("alert")).toHaveText("Messages cannot contain control or text-direction characters");

  const api = await apiAs(USERS.bob);
  for (const body of ["", "  ", "y".repeat(501), "bell\u0007", "two\nlines", "\u2066isolate\u2069"]) {
    const { status, error } = await api.from("party_messages").insert({ party_id: party.id, body });
    expect(status, JSON.stringify(body)).toBe(400);
    expect(error?.message, JSON.stringify(body)).toMatch(/message/);
  }
  const page = await api.rpc("get_party_messages", { p_party_id: party.id, p_limit: 1000 });
  expect(page.status).toBe(400);
  expect(page.error?.message).toBe("ask for 1 to 100 messages");
  expect(await messagesIn(party.id)).toEqual([]);
});

test("someone outside the habitat reads nothing of the chat, through REST or realtime", async ({ open }) => {
  // a party of Movie Night, where Carol is no member
  const party = await createParty({ title: `Members only chat ${unique()}` });
  const alice = await open(USERS.alice, `/parties/${party.id}`);
  await joinParty(alice);
  await say(alice, "Members only");

  const carol = await apiAs(USERS.carol);
  expect((await carol.from("party_messages").select("*").eq("party_id", party.id)).data).toEqual([]);
  expect((await carol.rpc("get_party_messages", { p_party_id: party.id })).data).toEqual([]);
  expect((await carol.rpc("get_party_playback", { p_party_id: party.id })).data).toBeNull();
  const { apiUrl, anonKey } = readStack();
  const anon = createClient(apiUrl, anonKey, {
    auth: { persistSession: false },
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
  });
  expect((await anon.from("party_messages").select("*").eq("party_id", party.id)).status).toBeGreaterThanOrEqual(400);

  // realtime: the room's private channel refuses her; its public namesake hears nothing of the database's broadcasts
  const heard: string[] = [];
  const listen = async (client: SupabaseClient, isPrivate: boolean) => {
    await client.realtime.setAuth();
    const channel = client.channel(`party:${party.id}`, { config: { private: isPrivate } });
    channel.on("broadcast", { event: "chat_message" }, ({ payload }) => heard.push(JSON.stringify(payload)));
    return new Promise<string>((resolve) =>
      channel.subscribe((status) =>
        status === "SUBSCRIBED" || status === "CHANNEL_ERROR" || status === "TIMED_OUT" ? resolve(status) : undefined,
      ),
    );
  };
  expect(await listen(carol, true)).toBe("CHANNEL_ERROR");
  expect(await listen(anon, true)).toBe("CHANNEL_ERROR");
  const stranger = createClient(apiUrl, anonKey, {
    auth: { persistSession: false },
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
  });
  expect(await listen(stranger, false)).toBe("SUBSCRIBED");
  await say(alice, "Still members only");
  // a member's room is the marker that the broadcast went out
  await expect(chatList(alice).getByText("Still members only")).toBeVisible();
  await alice.waitForTimeout(1000);
  expect(heard).toEqual([]);
  await Promise.all([carol.removeAllChannels(), anon.removeAllChannels(), stranger.removeAllChannels()]);
});
