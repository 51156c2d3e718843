import { expect, test } from "@playwright/test";
import { signIn, USERS } from "./helpers";

test("the dashboard renders once, with the app's title and no console errors", async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));

  await signIn(page, USERS.bob, "/");

  await expect(page).toHaveTitle("Habitats Watch Parties");
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(page.locator("h1")).toHaveCount(1);
  await expect(page.getByRole("heading", { name: "Upcoming watch parties" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Big Buck Bunny premiere" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(consoleErrors).toEqual([]);
});

test("the skip link moves keyboard focus to the main content", async ({ page }) => {
  await page.goto("/login");

  await page.keyboard.press("Tab");
  const skipLink = page.getByRole("link", { name: "Skip to main content" });
  await expect(skipLink).toBeFocused();
  await expect(skipLink).toBeVisible();

  await page.keyboard.press("Enter");
  await expect(page.getByRole("main")).toBeFocused();
});

test("an unknown address shows the not-found page with status 404", async ({ page }) => {
  await signIn(page, USERS.bob, "/");
  const response = await page.goto("/does-not-exist");

  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to the home page" })).toHaveAttribute("href", "/");
});
