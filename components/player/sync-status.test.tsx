// @vitest-environment jsdom
import "@/vitest.setup";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { SyncStatus } from "./sync-status";

describe("who drives the player", () => {
  it("the host: You control playback, no switch", () => {
    render(<SyncStatus role="host" mode="synced" hostName="Alice" onModeChange={vi.fn()} />);
    expect(screen.getByRole("status")).toHaveTextContent("You control playback");
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("a participant follows the host by name, and may watch on their own, then sync again", async () => {
    const onModeChange = vi.fn();
    const { rerender } = render(<SyncStatus role="participant" mode="synced" hostName="Alice" onModeChange={onModeChange} />);
    expect(screen.getByRole("status")).toHaveTextContent("Synced with Alice");
    await userEvent.click(screen.getByRole("button", { name: "Watch on my own" }));
    expect(onModeChange).toHaveBeenLastCalledWith("own");
    rerender(<SyncStatus role="participant" mode="own" hostName="Alice" onModeChange={onModeChange} />);
    expect(screen.getByRole("status")).toHaveTextContent("Watching on your own");
    await userEvent.click(screen.getByRole("button", { name: "Sync with host" }));
    expect(onModeChange).toHaveBeenLastCalledWith("synced");
  });

  it("a member who has not joined watches unsynced", () => {
    render(<SyncStatus role="viewer" mode="synced" hostName="Alice" onModeChange={vi.fn()} />);
    expect(screen.getByRole("status")).toHaveTextContent("Join the party to watch in sync");
    expect(screen.queryByRole("button")).toBeNull();
  });
});
