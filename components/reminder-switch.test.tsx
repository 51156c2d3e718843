// @vitest-environment jsdom
import "@/vitest.setup";
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ReminderSwitch } from "./reminder-switch";

function setup(props: Partial<Parameters<typeof ReminderSwitch>[0]> = {}) {
  const onChange = vi.fn();
  render(<ReminderSwitch enabled={false} joined pending={false} onChange={onChange} {...props} />);
  return { onChange, user: userEvent.setup(), toggle: screen.getByRole("switch", { name: "Remind me" }) };
}

describe("ReminderSwitch", () => {
  it("is a switch named Remind me that reports its state", () => {
    const { toggle } = setup({ enabled: true });
    expect(toggle).toHaveAttribute("aria-checked", "true");
    expect(toggle).toHaveAccessibleDescription("You will get a reminder before it starts.");
  });

  it("asks to turn on when off, and to turn off when on", async () => {
    const off = setup();
    await off.user.click(off.toggle);
    expect(off.onChange).toHaveBeenCalledWith(true);
  });

  it("turns off from on", async () => {
    const { toggle, user, onChange } = setup({ enabled: true });
    await user.click(toggle);
    expect(onChange).toHaveBeenCalledWith(false);
  });

  it("toggles with Space and Enter, and by clicking its label", async () => {
    const { toggle, user, onChange } = setup();
    toggle.focus();
    await user.keyboard(" ");
    await user.keyboard("{Enter}");
    await user.click(screen.getByText("Remind me"));
    expect(onChange).toHaveBeenCalledTimes(3);
  });

  it("is unavailable until you join, and says so", async () => {
    const { toggle, user, onChange } = setup({ joined: false, enabled: true });
    expect(toggle).toHaveAttribute("aria-checked", "false");
    expect(toggle).toHaveAttribute("aria-disabled", "true");
    expect(toggle).toHaveAccessibleDescription("Join the party to get a reminder.");
    await user.click(toggle);
    expect(onChange).not.toHaveBeenCalled();
  });

  it("waits while its change is being saved", async () => {
    const { toggle, user, onChange } = setup({ pending: true });
    expect(toggle).toHaveAttribute("aria-busy", "true");
    await user.click(toggle);
    expect(onChange).not.toHaveBeenCalled();
  });

  describe("the browser's notifications", () => {
    function fakeNotificationApi(permission: NotificationPermission, answer: NotificationPermission | Error) {
      const requestPermission = vi.fn(() => (answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer)));
      vi.stubGlobal(
        "Notification",
        Object.assign(function Notification() {}, { permission, requestPermission }),
      );
      return requestPermission;
    }
    afterEach(() => vi.unstubAllGlobals());

    it("are asked for when Remind me is turned on (a click), never when it is turned off or on render", async () => {
      const requestPermission = fakeNotificationApi("default", "granted");
      const { toggle, user } = setup();
      expect(requestPermission).not.toHaveBeenCalled();
      await user.click(toggle);
      expect(requestPermission).toHaveBeenCalledTimes(1);
      cleanup();
      const on = setup({ enabled: true });
      await on.user.click(on.toggle);
      expect(on.onChange).toHaveBeenCalledWith(false);
      expect(requestPermission).toHaveBeenCalledTimes(1);
    });

    it("a refusal, an earlier answer or a browser without them changes nothing", async () => {
      const refused = fakeNotificationApi("default", new Error("denied by policy"));
      const first = setup();
      await first.user.click(first.toggle);
      expect(first.onChange).toHaveBeenCalledWith(true);
      expect(refused).toHaveBeenCalled();
      cleanup();
      const answered = fakeNotificationApi("denied", "denied");
      const second = setup();
      await second.user.click(second.toggle);
      expect(answered).not.toHaveBeenCalled();
      expect(second.onChange).toHaveBeenCalledWith(true);
      cleanup();
      vi.unstubAllGlobals();
      Reflect.deleteProperty(window, "Notification");
      const third = setup();
      await third.user.click(third.toggle);
      expect(third.onChange).toHaveBeenCalledWith(true);
    });
  });
});
