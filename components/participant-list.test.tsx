// @vitest-environment jsdom
import "@/vitest.setup";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ParticipantList } from "./participant-list";
import type { Participant } from "@/lib/streaming/types";

const alice: Participant = {
  participantId: "p-1",
  userId: "u-alice",
  displayName: "Alice Liddell",
  avatarUrl: null,
  isHost: true,
  joinedAt: "2026-11-24T10:00:00Z",
};
const bob: Participant = {
  participantId: "p-2",
  userId: "u-bob",
  displayName: "Bob",
  avatarUrl: "https://example.com/bob.png",
  isHost: false,
  joinedAt: "2026-11-24T10:01:00Z",
};
const carol: Participant = {
  ...bob,
  participantId: "p-3",
  userId: "u-carol",
  displayName: "Carol",
  avatarUrl: null,
  joinedAt: "2026-11-24T10:02:00Z",
};

const items = () => within(screen.getByRole("list", { name: "Participants" })).getAllByRole("listitem");
const item = (name: string) => items().find((li) => li.textContent?.includes(name))!;

describe("ParticipantList", () => {
  it("lists participants in join order under the name Participants", () => {
    render(<ParticipantList participants={[alice, bob, carol]} viewerId="u-bob" viewerIsHost={false} />);
    expect(items().map((li) => within(li).getByText(/Alice Liddell|Bob|Carol/).textContent)).toEqual(["Alice Liddell", "Bob", "Carol"]);
  });

  it("shows a Host badge on the host only", () => {
    render(<ParticipantList participants={[alice, bob]} viewerId="u-bob" viewerIsHost={false} />);
    expect(within(item("Alice")).getByText("Host")).toBeInTheDocument();
    expect(within(item("Bob")).queryByText("Host")).not.toBeInTheDocument();
  });

  it("shows a picture when there is one, otherwise the initials", () => {
    const { container } = render(<ParticipantList participants={[alice, bob]} viewerId="u-bob" viewerIsHost={false} />);
    expect(within(item("Alice")).getByText("AL")).toBeInTheDocument();
    const img = container.querySelector("img");
    expect(img).toHaveAttribute("src", "https://example.com/bob.png");
    // decorative: the name is written beside it
    expect(img).toHaveAttribute("alt", "");
  });

  it("marks the viewer with (you)", () => {
    render(<ParticipantList participants={[alice, bob]} viewerId="u-bob" viewerIsHost={false} />);
    expect(within(item("Bob")).getByText("(you)")).toBeInTheDocument();
    expect(within(item("Alice")).queryByText("(you)")).not.toBeInTheDocument();
  });

  it("gives a non-host no controls", () => {
    render(<ParticipantList participants={[alice, bob, carol]} viewerId="u-bob" viewerIsHost={false} />);
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });

  it("gives the host Make host and Remove on everyone else, each described by the person's name", () => {
    render(<ParticipantList participants={[alice, bob, carol]} viewerId="u-alice" viewerIsHost />);
    expect(within(item("Alice")).queryByRole("button")).not.toBeInTheDocument();
    const makeHost = within(item("Bob")).getByRole("button", { name: "Make host" });
    expect(makeHost).toHaveAccessibleDescription("Bob");
    expect(within(item("Carol")).getByRole("button", { name: "Remove" })).toHaveAccessibleDescription("Carol");
    expect(screen.getAllByRole("button", { name: "Make host" })).toHaveLength(2);
  });

  it("calls back with the participant the host acts on", async () => {
    const onMakeHost = vi.fn();
    const onRemove = vi.fn();
    render(
      <ParticipantList participants={[alice, bob, carol]} viewerId="u-alice" viewerIsHost onMakeHost={onMakeHost} onRemove={onRemove} />,
    );
    const user = userEvent.setup();
    await user.click(within(item("Carol")).getByRole("button", { name: "Make host" }));
    await user.click(within(item("Bob")).getByRole("button", { name: "Remove" }));
    expect(onMakeHost).toHaveBeenCalledWith(carol);
    expect(onRemove).toHaveBeenCalledWith(bob);
  });

  it("holds a person's controls while an action for them runs", async () => {
    const onRemove = vi.fn();
    render(<ParticipantList participants={[alice, bob]} viewerId="u-alice" viewerIsHost pendingUserId="u-bob" onRemove={onRemove} />);
    const remove = within(item("Bob")).getByRole("button", { name: "Remove" });
    expect(remove).toHaveAttribute("aria-busy", "true");
    await userEvent.setup().click(remove);
    expect(onRemove).not.toHaveBeenCalled();
  });

  it("says who is online", () => {
    render(<ParticipantList participants={[alice, bob]} viewerId="u-bob" viewerIsHost={false} onlineUserIds={new Set(["u-alice"])} />);
    expect(within(item("Alice")).getByText("online")).toBeInTheDocument();
    expect(within(item("Bob")).queryByText("online")).not.toBeInTheDocument();
  });

  it("tells two people of the same name apart, for the host's controls too; a name of one's own gets no tag", () => {
    const bob2: Participant = {
      ...bob,
      participantId: "p-4",
      userId: "0b0b2222-0000-4000-8000-000000000002",
      joinedAt: "2026-11-24T10:03:00Z",
    };
    const bob1: Participant = { ...bob, userId: "0b0b1111-0000-4000-8000-000000000001" };
    render(<ParticipantList participants={[alice, bob1, bob2]} viewerId="u-alice" viewerIsHost />);
    const [, first, second] = items();
    expect(within(first!).getByText("#0b0b1")).toBeInTheDocument();
    expect(within(second!).getByText("#0b0b2")).toBeInTheDocument();
    expect(within(second!).getByRole("button", { name: "Make host" })).toHaveAccessibleDescription("Bob #0b0b2");
    expect(within(second!).getByRole("button", { name: "Remove" })).toHaveAccessibleDescription("Bob #0b0b2");
    expect(within(item("Alice")).getByText("Host")).toBeInTheDocument();
    expect(within(item("Alice")).queryByText(/#/)).not.toBeInTheDocument();
  });

  it("keeps the empty list and says the first to join hosts", () => {
    render(<ParticipantList participants={[]} viewerId="u-bob" viewerIsHost={false} />);
    expect(screen.getByRole("list", { name: "Participants" })).toBeEmptyDOMElement();
    expect(screen.getByText(/The first to join hosts the party/)).toBeInTheDocument();
  });
});
