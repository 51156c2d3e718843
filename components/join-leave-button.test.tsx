// @vitest-environment jsdom
import "@/vitest.setup";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { JoinLeaveButton } from "./join-leave-button";

function setup(props: Partial<Parameters<typeof JoinLeaveButton>[0]> = {}) {
  const onJoin = vi.fn();
  const onLeave = vi.fn();
  const view = render(<JoinLeaveButton joined={false} pending={false} onJoin={onJoin} onLeave={onLeave} {...props} />);
  return { onJoin, onLeave, user: userEvent.setup(), ...view };
}

describe("JoinLeaveButton", () => {
  it("offers Join party to someone not in the party, and joins on click", async () => {
    const { onJoin, onLeave, user } = setup();
    await user.click(screen.getByRole("button", { name: "Join party" }));
    expect(onJoin).toHaveBeenCalledTimes(1);
    expect(onLeave).not.toHaveBeenCalled();
  });

  it("offers Leave party to a participant, and leaves on click", async () => {
    const { onJoin, onLeave, user } = setup({ joined: true });
    await user.click(screen.getByRole("button", { name: "Leave party" }));
    expect(onLeave).toHaveBeenCalledTimes(1);
    expect(onJoin).not.toHaveBeenCalled();
  });

  it("works from the keyboard", async () => {
    const { onJoin, user } = setup();
    await user.tab();
    expect(screen.getByRole("button", { name: "Join party" })).toHaveFocus();
    await user.keyboard("{Enter}");
    await user.keyboard(" ");
    expect(onJoin).toHaveBeenCalledTimes(2);
  });

  it("ignores clicks while its action runs, and stays focusable with the same name", async () => {
    const { onJoin, user } = setup({ pending: true });
    const button = screen.getByRole("button", { name: "Join party" });
    expect(button).toHaveAttribute("aria-busy", "true");
    expect(button).toHaveAttribute("aria-disabled", "true");
    expect(button).not.toBeDisabled();
    await user.dblClick(button);
    expect(onJoin).not.toHaveBeenCalled();
  });

  it("keeps the same button element when it flips, so focus stays put", () => {
    const { rerender, onJoin, onLeave } = setup();
    const before = screen.getByRole("button", { name: "Join party" });
    before.focus();
    rerender(<JoinLeaveButton joined pending={false} onJoin={onJoin} onLeave={onLeave} />);
    const after = screen.getByRole("button", { name: "Leave party" });
    expect(after).toBe(before);
    expect(after).toHaveFocus();
  });

  it("cannot join an ended party, but a participant can still leave it", async () => {
    const { onJoin, user, rerender, onLeave } = setup({ joinUnavailableReason: "This party has ended" });
    await user.click(screen.getByRole("button", { name: "Join party" }));
    expect(onJoin).not.toHaveBeenCalled();
    rerender(<JoinLeaveButton joined pending={false} joinUnavailableReason="This party has ended" onJoin={onJoin} onLeave={onLeave} />);
    await user.click(screen.getByRole("button", { name: "Leave party" }));
    expect(onLeave).toHaveBeenCalledTimes(1);
  });
});
