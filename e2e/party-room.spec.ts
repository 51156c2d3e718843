import {
  actionError,
  apiAs,
  createParty,
  expectNotReloaded,
  hostBadge,
  inviteAndAccept,
  markPage,
  participant,
  participantCount,
  participantList,
  settled,
  unique,
  USERS,
  withoutRealtime,
} from "./helpers";
import { expect, test } from "./fixtures";

test("Alice joins an empty party and hosts; Bob joins and Alice sees him live; Alice leaves and Bob hosts, live", async ({
  open,
}, testInfo) => {
  // a fresh party (so no other test touches it) with a title fit for the README's screenshot
  const party = await createParty({
    title: "Friday screening: Big Buck Bunny",
    description: "A short film to warm up. Join early to host.",
  });
  const alice = await open(USERS.alice, `/parties/${party.id}`);
  const bob = await open(USERS.bob, `/parties/${party.id}`);
  await markPage(alice);
  await markPage(bob);

  await expect(alice.getByRole("heading", { level: 1, name: party.title })).toBeVisible();
  await expect(participantCount(alice)).toHaveText("0 participants");
  await alice.getByRole("button", { name: "Join party" }).click();
  await expect(alice.getByRole("button", { name: "Leave party" })).toBeVisible();
  await expect(hostBadge(participant(alice, "Alice"))).toBeVisible();
  await expect(participantCount(alice)).toHaveText("1 participant");
  await settled(alice);

  await bob.getByRole("button", { name: "Join party" }).click();
  await expect(participantCount(bob)).toHaveText("2 participants");
  await expect(hostBadge(participant(bob, "Bob"))).toHaveCount(0);

  // Alice's page follows without a reload
  await expect(participantCount(alice)).toHaveText("2 participants");
  await expect(participant(alice, "Bob")).toBeVisible();
  await expect(hostBadge(participant(alice, "Bob"))).toHaveCount(0);
  await expect(participantList(alice).getByRole("listitem")).toHaveText([/Alice/, /Bob/]);
  await expect(alice.getByText("Live updates on")).toBeVisible();
  await expect(alice.getByRole("list", { name: "Online now" }).getByRole("listitem")).toHaveText(["Alice", "Bob"]);
  await expectNotReloaded(alice);

  await alice.mouse.move(0, 0);
  const shot = testInfo.outputPath("party-room-two-participants.png");
  await alice.screenshot({ path: shot, fullPage: true });
  await testInfo.attach("party room with two participants", { path: shot, contentType: "image/png" });
  // the README's screenshot (docs/party-room.png) is a room watching together: e2e/watch-together.spec.ts

  await alice.getByRole("button", { name: "Leave party" }).click();
  await expect(alice.getByRole("button", { name: "Join party" })).toBeVisible();
  await expect(participant(alice, "Alice")).toHaveCount(0);

  // Bob's page shows him as host without a reload
  await expect(hostBadge(participant(bob, "Bob"))).toBeVisible();
  await expect(participantCount(bob)).toHaveText("1 participant");
  await expect(participant(bob, "Alice")).toHaveCount(0);
  await expectNotReloaded(bob);
  await bob.screenshot({ path: testInfo.outputPath("bob-hosts-after-alice-left.png"), fullPage: true });
});

test("Remind me stays on after a reload", async ({ open }) => {
  const party = await createParty({ title: `Reminder ${unique()}` });
  const bob = await open(USERS.bob, `/parties/${party.id}`);
  const remindMe = bob.getByRole("switch", { name: "Remind me" });

  await expect(remindMe).toHaveAttribute("aria-checked", "false");
  await expect(remindMe).toHaveAttribute("aria-disabled", "true");
  await bob.getByRole("button", { name: "Join party" }).click();
  await expect(remindMe).not.toHaveAttribute("aria-disabled", "true");
  await settled(bob);

  await remindMe.click();
  await expect(remindMe).toHaveAttribute("aria-checked", "true");
  await settled(bob);

  await bob.reload();
  await expect(bob.getByRole("switch", { name: "Remind me" })).toHaveAttribute("aria-checked", "true");

  // and off again, by keyboard
  await bob.getByRole("switch", { name: "Remind me" }).focus();
  await bob.keyboard.press("Space");
  await expect(bob.getByRole("switch", { name: "Remind me" })).toHaveAttribute("aria-checked", "false");
  await settled(bob);
  await bob.reload();
  await expect(bob.getByRole("switch", { name: "Remind me" })).toHaveAttribute("aria-checked", "false");
});

test("the host removes a participant and the removed person's page shows it without a reload", async ({ open }, testInfo) => {
  const party = await createParty({ title: `Remove ${unique()}` });
  const alice = await open(USERS.alice, `/parties/${party.id}`);
  await alice.getByRole("button", { name: "Join party" }).click();
  await settled(alice);
  const bob = await open(USERS.bob, `/parties/${party.id}`);
  await bob.getByRole("button", { name: "Join party" }).click();
  await expect(participantCount(bob)).toHaveText("2 participants");
  await settled(bob);
  await markPage(bob);

  await alice.reload();
  const bobOnAlicesPage = participant(alice, "Bob");
  // only the host sees controls, and only on other people
  await expect(participant(alice, "Alice").getByRole("button")).toHaveCount(0);
  await expect(participant(bob, "Alice").getByRole("button")).toHaveCount(0);
  await bobOnAlicesPage.getByRole("button", { name: "Remove" }).click();
  await expect(participant(alice, "Bob")).toHaveCount(0);
  // the used control is gone: focus waits on the list's heading instead of falling to the page
  await expect(alice.getByRole("heading", { name: "Participants", exact: true })).toBeFocused();
  await expect(participantCount(alice)).toHaveText("1 participant");

  await expect(participant(bob, "Bob")).toHaveCount(0);
  await expect(bob.getByRole("button", { name: "Join party" })).toBeVisible();
  await expect(participantCount(bob)).toHaveText("1 participant");
  await expect(bob.getByRole("switch", { name: "Remind me" })).toHaveAttribute("aria-disabled", "true");
  await expectNotReloaded(bob);
  await bob.screenshot({ path: testInfo.outputPath("bob-after-removal.png"), fullPage: true });
});

test("the host hands over with Make host, and the new host's page follows without a reload", async ({ open }) => {
  const party = await createParty({ title: `Handover ${unique()}` });
  const alice = await open(USERS.alice, `/parties/${party.id}`);
  await alice.getByRole("button", { name: "Join party" }).click();
  await settled(alice);
  const bob = await open(USERS.bob, `/parties/${party.id}`);
  await bob.getByRole("button", { name: "Join party" }).click();
  await settled(bob);
  await markPage(bob);
  await alice.reload();

  // by keyboard this time
  await participant(alice, "Bob").getByRole("button", { name: "Make host" }).focus();
  await alice.keyboard.press("Enter");
  await expect(hostBadge(participant(alice, "Bob"))).toBeVisible();
  await expect(hostBadge(participant(alice, "Alice"))).toHaveCount(0);
  await expect(participant(alice, "Bob").getByRole("button")).toHaveCount(0);

  await expect(hostBadge(participant(bob, "Bob"))).toBeVisible();
  await expect(participant(bob, "Alice").getByRole("button", { name: "Make host" })).toBeVisible();
  await expect(participant(bob, "Alice").getByRole("button", { name: "Remove" })).toBeVisible();
  await expectNotReloaded(bob);
});

test("double clicking Join party joins once, without an error", async ({ open }) => {
  const party = await createParty({ title: `Double click ${unique()}` });
  const bob = await open(USERS.bob, `/parties/${party.id}`);
  await bob.getByRole("button", { name: "Join party" }).dblclick();
  await settled(bob);
  await expect(participantCount(bob)).toHaveText("1 participant");
  await expect(participant(bob, "Bob")).toHaveCount(1);
  await expect(actionError(bob)).toHaveCount(0);
  await bob.reload();
  await expect(participant(bob, "Bob")).toHaveCount(1);
});

test("an action that fails (membership lost meanwhile) rolls back and says why", async ({ open }) => {
  // a habitat of its own, so removing Bob from it touches no other test
  const alice = await apiAs(USERS.alice);
  const habitat = await alice
    .from("habitats")
    .insert({ name: `Pop-up ${unique()}`, created_by: USERS.alice.id })
    .select("id")
    .single();
  if (habitat.error) throw habitat.error;
  await inviteAndAccept(alice, habitat.data.id, USERS.bob);
  const party = await createParty({ title: `Members only ${unique()}`, habitatId: habitat.data.id });

  // with realtime connected, Bob's page would learn of the lost membership before he clicks:
  // here it does not, so the click reaches the server, which refuses it
  const bob = await open(USERS.bob, `/parties/${party.id}`, withoutRealtime);
  await expect(bob.getByRole("button", { name: "Join party" })).toBeVisible();
  const removed = await alice.from("habitat_members").delete().eq("habitat_id", habitat.data.id).eq("user_id", USERS.bob.id);
  if (removed.error) throw removed.error;

  await bob.getByRole("button", { name: "Join party" }).click();
  await expect(actionError(bob)).toContainText("you are not a member of its habitat");
  await expect(participant(bob, "Bob")).toHaveCount(0);
  await expect(bob.getByRole("heading", { name: "You no longer have access to this party" })).toBeVisible();
});

test("Carol, who is in no habitat, gets the 404 page for a party", async ({ open }) => {
  const party = await createParty({ title: `Private ${unique()}` });
  const carol = await open(USERS.carol, "/");
  const response = await carol.goto(`/parties/${party.id}`);
  expect(response?.status()).toBe(404);
  await expect(carol.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(carol.getByText(party.title)).toHaveCount(0);
  await expect(carol.getByRole("button", { name: "Join party" })).toHaveCount(0);

  const badId = await carol.goto("/parties/not-a-uuid");
  expect(badId?.status()).toBe(404);
  await expect(carol.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
});

test("the media URL becomes a privacy-friendly embedded player, or a placeholder with a link", async ({ open }) => {
  const youtube = await createParty({ mediaUrl: "https://www.youtube.com/watch?v=aqz-KE-bpKQ" });
  const other = await createParty({ mediaUrl: "https://example.com/some-page" });
  const bob = await open(USERS.bob, `/parties/${youtube.id}`);
  await expect(bob.locator("iframe")).toHaveAttribute("src", /^https:\/\/www\.youtube-nocookie\.com\/embed\/aqz-KE-bpKQ/);
  await expect(bob.locator("iframe")).toHaveAttribute("title", `YouTube player: ${youtube.title}`);

  await bob.goto(`/parties/${other.id}`);
  await expect(bob.locator("iframe")).toHaveCount(0);
  await expect(bob.getByText("This media cannot be played here")).toBeVisible();
  await expect(bob.getByRole("link", { name: "Open the media in a new tab" })).toHaveAttribute("href", "https://example.com/some-page");
});

test("an action after the session ended says to sign in again, and changes nothing", async ({ open }) => {
  const party = await createParty({ title: `Expired ${unique()}` });
  const bob = await open(USERS.bob, `/parties/${party.id}`);
  await bob.context().clearCookies();
  await bob.getByRole("button", { name: "Join party" }).click();
  await expect(actionError(bob)).toContainText("Your session expired — sign in again");
  await expect(participant(bob, "Bob")).toHaveCount(0);
  await expect(bob.getByRole("button", { name: "Join party" })).toBeVisible();
  await expect(actionError(bob).getByRole("link", { name: "Sign in" })).toHaveAttribute(
    "href",
    `/login?next=${encodeURIComponent(`/parties/${party.id}`)}`,
  );
  const bobApi = await apiAs(USERS.bob);
  const { data } = await bobApi.from("stream_participants").select("id").eq("stream_id", party.id);
  expect(data).toEqual([]);
});
