// The browser's Notification API, only ever with the user's permission: asked when they turn
// "Remind me" on (a click, as browsers require), never on page load. A browser without the API,
// or a user who refuses, simply gets no system notifications: nothing else changes.
import { describeNotification } from "./notification-list";
import type { AppNotification } from "./types";

function api(): typeof Notification | null {
  return typeof window !== "undefined" && "Notification" in window ? window.Notification : null;
}

/** Asks for permission once (when the user has not answered yet); never throws. */
export async function askForBrowserNotifications(): Promise<void> {
  const notifications = api();
  if (!notifications || notifications.permission !== "default") return;
  try {
    await notifications.requestPermission();
  } catch {
    // an old callback-only implementation, or a browser that refuses outright: no notifications
  }
}

/**
 * Shows `notification` as a system notification when the user allowed them and is not looking at
 * the page (the page shows its own toast); a click opens the party.
 */
export function showBrowserNotification(notification: AppNotification): void {
  const notifications = api();
  if (!notifications || notifications.permission !== "granted") return;
  if (document.visibilityState === "visible" && document.hasFocus()) return;
  try {
    const shown = new notifications("Habitats Watch Parties", { body: describeNotification(notification), tag: notification.id });
    shown.onclick = () => {
      window.focus();
      // a full navigation: this runs outside React, after the tab comes back to the front
      window.open(`/parties/${notification.partyId}`, "_self");
    };
  } catch {
    // some browsers allow notifications only from a service worker: the toast still shows
  }
}
