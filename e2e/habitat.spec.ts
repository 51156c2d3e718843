import { expect, test } from "@playwright/test";
import { asSuperuser, createParty, expectNotReloaded, markPage, MOVIE_NIGHT_ID, participantCount, signIn, unique, USERS } from "./helpers";

/** A datetime-local value `minutes` from now, in the browser's time zone. */
function localInput(minutes: number): string {
  const date = new Date(Date.now() + minutes * 60_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

test("a member schedules a party on the habitat page, after fixing what the form points out", async ({ page }) => {
  const title = `Scheduled in the UI ${unique()}`;
  await signIn(page, USERS.bob, `/habitats/${MOVIE_NIGHT_ID}`);
  await expect(page.getByRole("heading", { level: 1, name: "Movie Night" })).toBeVisible();

  await page.getByRole("button", { name: "Schedule party" }).click();
  await expect(page.getByText("Give the party a title")).toBeVisible();
  await expect(page.getByText("Choose when the party starts")).toBeVisible();
  await expect(page.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Description").fill("Popcorn provided.");
  await page.getByLabel("Media URL").fill("not a url");
  await page.getByLabel("Starts").fill(localInput(120));
  await page.getByLabel("Ends").fill(localInput(60));
  await page.getByRole("button", { name: "Schedule party" }).click();
  await expect(page.getByText("Enter a web address starting with http:// or https://")).toBeVisible();
  await expect(page.getByText("The party must end after it starts")).toBeVisible();

  await page.getByLabel("Media URL").fill("https://vimeo.com/1084537");
  await page.getByLabel("Ends").fill(localInput(240));
  await page.getByRole("button", { name: "Schedule party" }).click();

  await expect(page).toHaveURL(/\/parties\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(participantCount(page)).toHaveText("0 participants");
  await expect(page.locator("iframe")).toHaveAttribute("src", /^https:\/\/player\.vimeo\.com\/video\/1084537/);

  await page.goto(`/habitats/${MOVIE_NIGHT_ID}`);
  await expect(page.getByRole("list", { name: "Watch parties" }).getByRole("link", { name: title })).toBeVisible();
});

test("a habitat Carol does not belong to is a 404", async ({ page }) => {
  await signIn(page, USERS.carol, "/");
  const response = await page.goto(`/habitats/${MOVIE_NIGHT_ID}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
});

test("the habitat page follows its members and parties without a reload", async ({ browser }) => {
  const alice = await browser.newContext();
  const bob = await browser.newContext();
  let partyId: string | null = null;
  try {
    const alicePage = await alice.newPage();
    const bobPage = await bob.newPage();
    await signIn(alicePage, USERS.alice, `/habitats/${MOVIE_NIGHT_ID}`);
    await signIn(bobPage, USERS.bob, `/habitats/${MOVIE_NIGHT_ID}`);
    for (const page of [alicePage, bobPage]) await expect(page.getByText("Live updates on")).toBeVisible();
    await expect(bobPage.getByText("You are a member")).toBeVisible();
    await markPage(bobPage);

    // Alice makes Bob a moderator: Bob's page says so, and lists him so
    const bobsRow = alicePage.getByRole("list", { name: "Members" }).getByRole("listitem").filter({ hasText: USERS.bob.name });
    await bobsRow.getByLabel(`Role for ${USERS.bob.name}`).selectOption("moderator");
    await bobsRow.getByRole("button", { name: "Change role" }).click();
    await expect(bobPage.getByText("You are a moderator")).toBeVisible();
    const bobSeesHimself = bobPage.getByRole("list", { name: "Members" }).getByRole("listitem").filter({ hasText: "(you)" });
    await expect(bobSeesHimself.getByText("Moderator", { exact: true })).toBeVisible();

    // a party scheduled elsewhere shows up on Bob's open page
    const party = await createParty({ title: `Scheduled while you watched ${unique()}` });
    partyId = party.id;
    await expect(bobPage.getByRole("list", { name: "Watch parties" }).getByRole("link", { name: party.title })).toBeVisible();
    await expectNotReloaded(bobPage);
  } finally {
    await asSuperuser(async (db) => {
      await db.query("update public.habitat_members set role = 'member' where habitat_id = $1 and user_id = $2", [
        MOVIE_NIGHT_ID,
        USERS.bob.id,
      ]);
      if (partyId) await db.query("delete from public.habitat_watch_parties where id = $1", [partyId]);
    });
    await alice.close();
    await bob.close();
  }
});
