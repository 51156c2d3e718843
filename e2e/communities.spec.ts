// Communities a newcomer can start and grow, in Chromium, as people do it: sign up, create a
// habitat, invite by link or by email, join by accepting (through sign-up when signed out), meet in
// a party whose reschedule and cancellation reach the other's room and dashboard without a reload,
// revoke a link that then admits nobody, and leave.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { apiAs, expectNotReloaded, markPage, participantCount, signIn, unique, USERS } from "./helpers";

// Ada's page copies the link: the clipboard is the browser's to grant
const CLIPBOARD = ["clipboard-read", "clipboard-write"];

interface Newcomer {
  name: string;
  email: string;
  password: string;
}

const newcomer = (name: string): Newcomer => ({
  name,
  email: `${name.toLowerCase()}-${unique()}@example.com`,
  password: "a-long-password",
});

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ permissions: CLIPBOARD });
  return context.newPage();
}

/** Fills "Create an account" on the sign-in page the browser is on. */
async function createAccount(page: Page, person: Newcomer): Promise<void> {
  const form = page.getByRole("form", { name: "Create an account" });
  await form.getByLabel("Display name").fill(person.name);
  await form.getByLabel("Email").fill(person.email);
  await form.getByLabel("Password").fill(person.password);
  await form.getByRole("button", { name: "Create account" }).click();
}

/** A datetime-local value `minutes` from now, in the browser's (and this process's) time zone. */
function localInput(minutes: number): string {
  const date = new Date(Date.now() + minutes * 60_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The instant a `<time>` element shows, as a number (broadcast rows and page renders write it differently). */
async function shownInstant(page: Page, scope: "header" | string): Promise<number> {
  const container = scope === "header" ? page.locator("article header") : page.getByRole("article", { name: scope });
  return Date.parse((await container.locator("time").first().getAttribute("datetime")) ?? "");
}

test("newcomers start a habitat, join it through a link, meet in a party rescheduled and cancelled live, revoke the link and leave", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const [ada, ben, cy] = [newcomer("Ada"), newcomer("Ben"), newcomer("Cy")];
  const habitatName = `Film Club ${unique()}`;
  const title = `First screening ${unique()}`;

  // Ada signs up and finds what to do next
  const a = await freshPage(browser);
  await a.goto("/login");
  await createAccount(a, ada);
  await expect(a).toHaveURL("/");
  await expect(a.getByText("You are not in any habitat yet")).toBeVisible();
  await expect(a.getByRole("link", { name: "Have an invite link?" })).toBeVisible();
  await a.getByRole("link", { name: "Create a habitat" }).click();
  await a.getByRole("button", { name: "Create habitat" }).click();
  await expect(a.getByText("Give the habitat a name")).toBeVisible();
  await a.getByLabel("Name").fill(habitatName);
  await a.getByLabel("Description").fill("Weekly films, picked in turn.");
  await a.getByRole("button", { name: "Create habitat" }).click();
  await a.waitForURL(/\/habitats\/[0-9a-f-]{36}$/);
  const habitatPath = new URL(a.url()).pathname;
  await expect(a.getByRole("heading", { level: 1, name: habitatName })).toBeVisible();
  await expect(a.getByRole("list", { name: "Members" }).getByRole("listitem")).toHaveText([/Ada \(you\)\s*Owner/]);

  // Ada makes an invite link and copies it
  await a.getByRole("button", { name: "Invite", exact: true }).click();
  await a.getByRole("button", { name: "Create invite link" }).click();
  const link = await a.getByLabel("Invite link").inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{32}$/);
  await a.getByRole("button", { name: "Copy link" }).click();
  await expect(a.getByText("Copied", { exact: true })).toBeVisible();
  expect(await a.evaluate(() => navigator.clipboard.readText())).toBe(link);

  // Ben opens it signed out, signs up on the way, and comes back to the invitation
  const b = await freshPage(browser);
  await b.goto(link);
  await expect(b).toHaveURL(/\/login\?next=%2Finvite%2F/);
  await createAccount(b, ben);
  await expect(b).toHaveURL(new URL(link).pathname);
  await expect(b.getByRole("heading", { level: 1, name: `You are invited to join ${habitatName}` })).toBeVisible();
  await b.getByRole("button", { name: "Accept" }).click();
  await expect(b).toHaveURL(habitatPath);
  await expect(b.getByRole("list", { name: "Members" })).toContainText("Ada");
  await expect(b.getByRole("list", { name: "Members" })).toContainText("Ben (you)");
  // a member neither invites nor sees the invitations
  await expect(b.getByRole("button", { name: "Invite", exact: true })).toHaveCount(0);
  await expect(b.getByRole("list", { name: "Pending invitations" })).toHaveCount(0);

  // Ada schedules a party, and both join it
  await a.reload();
  await a.getByLabel("Title").fill(title);
  await a.getByLabel("Starts").fill(localInput(120));
  await a.getByLabel("Ends").fill(localInput(240));
  await a.getByRole("button", { name: "Schedule party" }).click();
  await a.waitForURL(/\/parties\/[0-9a-f-]{36}$/);
  const partyPath = new URL(a.url()).pathname;
  await a.getByRole("button", { name: "Join party" }).click();
  await expect(participantCount(a)).toHaveText("1 participant");

  const benDashboard = b;
  await benDashboard.goto("/");
  await expect(benDashboard.getByRole("article", { name: title })).toBeVisible();
  const benRoom = await b.context().newPage();
  await benRoom.goto(partyPath);
  await benRoom.getByRole("button", { name: "Join party" }).click();
  await expect(participantCount(benRoom)).toHaveText("2 participants");
  await expect(participantCount(a)).toHaveText("2 participants");
  await expect(benRoom.getByText("Live updates on")).toBeVisible();
  await expect(benDashboard.getByText("Live updates on")).toBeVisible();
  await markPage(benRoom);
  await markPage(benDashboard);

  // the host reschedules: Ben's room and dashboard follow
  const before = await shownInstant(benRoom, "header");
  const later = localInput(3 * 24 * 60);
  await a.getByRole("button", { name: "Edit party" }).click();
  await a.getByLabel("Starts").fill(later);
  await a.getByLabel("Ends").fill(localInput(3 * 24 * 60 + 120));
  await a.getByRole("button", { name: "Save changes" }).click();
  await expect(a.getByRole("button", { name: "Edit party" })).toBeVisible();
  const rescheduled = Date.parse(new Date(later).toISOString());
  expect(rescheduled).not.toBe(before);
  await expect.poll(() => shownInstant(benRoom, "header")).toBe(rescheduled);
  await expect.poll(() => shownInstant(benDashboard, title)).toBe(rescheduled);

  // then cancels it: Ben's room says so and his dashboard lets it go
  await a.getByRole("button", { name: "Cancel party" }).click();
  await a.getByRole("button", { name: "Yes, cancel party" }).click();
  await expect(a.getByText("This party was cancelled")).toBeVisible();
  await expect(benRoom.getByText("This party was cancelled")).toBeVisible();
  await expect(benRoom.getByRole("button", { name: "Edit party" })).toHaveCount(0);
  await expect(benDashboard.getByRole("article", { name: title })).toHaveCount(0);
  await expectNotReloaded(benRoom);
  await expectNotReloaded(benDashboard);

  // Ada revokes the link; Cy, new here, cannot use it
  await a.goto(habitatPath);
  const pending = a.getByRole("list", { name: "Pending invitations" });
  await expect(pending.getByRole("listitem")).toHaveCount(1);
  await pending.getByRole("button", { name: "Revoke" }).click();
  await expect(a.getByText("No open invitations.")).toBeVisible();

  const c = await freshPage(browser);
  await c.goto("/login");
  await createAccount(c, cy);
  await expect(c).toHaveURL("/");
  await c.getByRole("link", { name: "Have an invite link?" }).click();
  await c.getByLabel("Invite link").fill(link);
  await c.getByRole("button", { name: "Open invitation" }).click();
  await expect(c.getByRole("heading", { level: 1, name: `You cannot join ${habitatName} with this link` })).toBeVisible();
  await expect(c.getByText("This invite link was revoked.")).toBeVisible();
  await expect(c.getByRole("button", { name: "Accept" })).toHaveCount(0);
  const stranger = await c.goto(habitatPath);
  expect(stranger?.status()).toBe(404);

  // Ben leaves; Ada sees him gone
  await benDashboard.goto(habitatPath);
  await benDashboard.getByRole("button", { name: "Leave habitat" }).click();
  await benDashboard.getByRole("button", { name: "Yes, leave" }).click();
  await expect(benDashboard).toHaveURL("/");
  await expect(benDashboard.getByText("You are not in any habitat yet")).toBeVisible();
  await a.reload();
  await expect(a.getByRole("list", { name: "Members" }).getByRole("listitem")).toHaveCount(1);

  for (const page of [a, b, c]) await page.context().close();
});

test("an invitation by email waits for the account that signs up with the address; Decline, then Accept from the dashboard", async ({
  browser,
  page,
}) => {
  test.setTimeout(180_000);
  const dee = newcomer("Dee");
  const alice = await apiAs(USERS.alice);
  const habitat = await alice
    .from("habitats")
    .insert({ name: `Email club ${unique()}`, created_by: USERS.alice.id })
    .select("id, name")
    .single();
  if (habitat.error) throw habitat.error;

  // Alice invites an address nobody has signed up with yet
  await signIn(page, USERS.alice, `/habitats/${habitat.data.id}`);
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  await page.getByLabel("Email address").fill("not an address");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await page.getByLabel("Email address").fill(dee.email.toUpperCase());
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invited ${dee.email.toUpperCase()}`)).toBeVisible();
  await expect(page.getByRole("list", { name: "Pending invitations" })).toContainText(dee.email);

  // Dee signs up with it and finds the invitation; declining makes it go away
  const d = await freshPage(browser);
  await d.goto("/login");
  await createAccount(d, dee);
  const invitations = d.getByRole("list", { name: "Invitations" });
  await expect(invitations).toContainText(`You are invited to join ${habitat.data.name}`);
  await invitations.getByRole("button", { name: "Decline" }).click();
  await expect(invitations).toHaveCount(0);
  await expect(d.getByText("You are not in any habitat yet")).toBeVisible();

  // invited again, Dee accepts and is a member
  await page.reload();
  await expect(page.getByText("No open invitations.")).toBeVisible();
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  await page.getByLabel("Email address").fill(dee.email);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("list", { name: "Pending invitations" })).toContainText(dee.email);
  await d.reload();
  await d.getByRole("list", { name: "Invitations" }).getByRole("button", { name: "Accept" }).click();
  await expect(d).toHaveURL(`/habitats/${habitat.data.id}`);
  await expect(d.getByRole("list", { name: "Members" })).toContainText("Dee (you)");

  // Alice, its only owner, cannot leave until she hands ownership over
  await page.reload();
  await page.getByRole("button", { name: "Leave habitat" }).click();
  await page.getByRole("button", { name: "Yes, leave" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "only owner" })).toContainText("make another member owner before you leave");
  await expect(page).toHaveURL(`/habitats/${habitat.data.id}`);
  await d.context().close();
});

test("Carol, in no habitat, finds Alice's invitation to Movie Night on her dashboard, and nothing of Movie Night besides", async ({
  page,
}) => {
  await signIn(page, USERS.carol, "/");
  await expect(page.getByRole("list", { name: "Invitations" })).toContainText("You are invited to join Movie Night");
  await expect(page.getByRole("list", { name: "Invitations" }).getByRole("button", { name: "Accept" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Your habitats" })).toHaveCount(0);
  await expect(page.getByText("Big Buck Bunny premiere")).toHaveCount(0);
});
