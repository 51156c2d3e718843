import { expect, test } from "@playwright/test";
import { signIn, unique, USERS } from "./helpers";

test("a signed-out visitor is sent to /login and back where they were going", async ({ page }) => {
  const target = "/habitats/40b17a70-0000-4000-8000-000000000001";
  await page.goto(target);
  await expect(page).toHaveURL(`/login?next=${encodeURIComponent(target)}`);
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(USERS.alice.email);
  await form.getByLabel("Password").fill(USERS.alice.password);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(target);
  await expect(page.getByRole("heading", { level: 1, name: "Movie Night" })).toBeVisible();
});

test("signing out and back in works", async ({ page }) => {
  await signIn(page, USERS.alice, "/");
  await expect(page.getByText("Signed in as")).toContainText("Alice");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL("/login");
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);

  // the session is really gone: the dashboard asks to sign in again
  await page.goto("/");
  await expect(page).toHaveURL(`/login?next=${encodeURIComponent("/")}`);

  await signIn(page, USERS.alice, "/");
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(page.getByText("Signed in as")).toContainText("Alice");
});

test("a wrong password is refused with a message in the form", async ({ page }) => {
  await page.goto("/login");
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(USERS.bob.email);
  await form.getByLabel("Password").fill("not-the-password");
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(form.getByText("Wrong email or password")).toBeVisible();
  await expect(page).toHaveURL("/login");
  await expect(form.getByLabel("Email")).toHaveValue(USERS.bob.email);
});

test("sign-up creates an account and signs it in", async ({ page }) => {
  const email = `newcomer-${unique()}@example.com`;
  await page.goto("/login");
  const form = page.getByRole("form", { name: "Create an account" });
  await form.getByLabel("Display name").fill("Newcomer");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill("short");
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(form.getByText("Choose a password of at least 6 characters")).toBeVisible();

  await form.getByLabel("Password").fill("a-long-password");
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL("/");
  await expect(page.getByText("Signed in as")).toContainText("Newcomer");
  await expect(page.getByText("You are not in any habitat yet")).toBeVisible();
});

test("only same-site paths are followed after signing in", async ({ page }) => {
  await page.goto("/login?next=//evil.example/steal");
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(USERS.carol.email);
  await form.getByLabel("Password").fill(USERS.carol.password);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
});
