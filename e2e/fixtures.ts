// The e2e `test`: `open(user, path)` gives a page in a browser context of its own (its own
// cookies, so several people can be signed in at once). After the test each such page is kept as
// a screenshot in the test's output folder, and its context is closed.
import { test as base, type BrowserContext, type Page } from "@playwright/test";
import { signIn, type DemoUser } from "./helpers";

type Open = (user: DemoUser, path: string, prepare?: (page: Page) => Promise<void>) => Promise<Page>;

export const test = base.extend<{ open: Open }>({
  open: async ({ browser }, use, testInfo) => {
    const opened: Array<{ user: DemoUser; context: BrowserContext; page: Page }> = [];
    await use(async (user, path, prepare) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      opened.push({ user, context, page });
      await prepare?.(page);
      await signIn(page, user, path);
      return page;
    });
    for (const [index, { user, context, page }] of opened.entries()) {
      const file = testInfo.outputPath(`${index + 1}-${user.name.toLowerCase()}.png`);
      const saved = await page.screenshot({ path: file, fullPage: true }).then(
        () => true,
        () => false,
      );
      if (saved) await testInfo.attach(`${user.name}'s page`, { path: file, contentType: "image/png" });
      await context.close();
    }
  },
});

export { expect } from "@playwright/test";
