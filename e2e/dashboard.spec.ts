import { expect, test } from "@playwright/test";
import { apiAs, createParty, expectNotReloaded, markPage, signIn, unique, USERS } from "./helpers";

test("the dashboard lists my habitats and upcoming parties with whether I go and my reminder", async ({ page }) => {
  const party = await createParty({ title: `Dashboard ${unique()}` });
  const alice = await apiAs(USERS.alice);
  const joined = await alice.from("stream_participants").insert({ stream_id: party.id, user_id: USERS.alice.id });
  expect(joined.error).toBeNull();
  const reminder = await alice
    .from("stream_participants")
    .update({ reminder_enabled: true })
    .eq("stream_id", party.id)
    .eq("user_id", USERS.alice.id);
  expect(reminder.error).toBeNull();

  await signIn(page, USERS.alice, "/");
  await expect(page.getByRole("list", { name: "Your habitats" }).getByRole("link", { name: "Movie Night" })).toBeVisible();
  const card = page.getByRole("article", { name: party.title });
  await expect(card).toContainText("Movie Night");
  await expect(card).toContainText("1 participant");
  await expect(card).toContainText("Going");
  await expect(card).toContainText("Reminder on");
  await expect(card).toContainText("You host");
  await expect(card.getByRole("timer")).toHaveText(/^Starts in \d\d:\d\d:\d\d$/);
});

test("the dashboard's counts follow joins and leaves without a reload", async ({ page }) => {
  const party = await createParty({ title: `Live count ${unique()}` });
  await signIn(page, USERS.alice, "/");
  const card = page.getByRole("article", { name: party.title });
  await expect(card).toContainText("0 participants");
  await expect(page.getByText("Live updates on")).toBeVisible();
  await markPage(page);

  const bob = await apiAs(USERS.bob);
  const joined = await bob.from("stream_participants").insert({ stream_id: party.id, user_id: USERS.bob.id });
  expect(joined.error).toBeNull();
  await expect(card).toContainText("1 participant");

  const left = await bob.from("stream_participants").delete().eq("stream_id", party.id).eq("user_id", USERS.bob.id);
  expect(left.error).toBeNull();
  await expect(card).toContainText("0 participants");
  await expectNotReloaded(page);
});
