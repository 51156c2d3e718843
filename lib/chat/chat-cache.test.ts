import { describe, expect, it } from "vitest";
import { chronological, nextCursor, withMessage, withMessageEdited, withoutMessage, type ChatData } from "./chat-cache";
import type { ChatMessage } from "./types";

const message = (id: string, second: number, body = id): ChatMessage => ({
  id,
  partyId: "p",
  authorId: "u",
  authorName: "Bob",
  body,
  createdAt: new Date(Date.UTC(2026, 11, 1, 20, 0, second)).toISOString(),
  editedAt: null,
});

// pages newest first: page 0 the newest
const data = (): ChatData => ({
  pages: [[message("c", 3), message("b", 2)], [message("a", 1)]],
  pageParams: [null, { createdAt: "x", id: "b" }],
});

describe("the chat in React Query's cache", () => {
  it("a new message joins the newest page in order; one already there is replaced, not doubled", () => {
    const added = withMessage(data(), message("d", 4));
    expect(chronological(added).map((m) => m.id)).toEqual(["a", "b", "c", "d"]);
    const late = withMessage(added, message("late", 2.5));
    expect(chronological(late).map((m) => m.id)).toEqual(["a", "b", "late", "c", "d"]);
    const again = withMessage(late, message("d", 4, "d again"));
    expect(chronological(again).map((m) => m.body)).toEqual(["a", "b", "late", "c", "d again"]);
  });

  it("edits and deletions reach a message on any page", () => {
    const edited = withMessageEdited(data(), { id: "a", partyId: "p", body: "fixed", editedAt: "2026-12-01T20:01:00Z" });
    expect(chronological(edited)[0]).toMatchObject({ body: "fixed", editedAt: "2026-12-01T20:01:00Z" });
    expect(chronological(withoutMessage(data(), "b")).map((m) => m.id)).toEqual(["a", "c"]);
  });

  it("nothing loaded yet: nothing to patch", () => {
    expect(withMessage(undefined, message("a", 1))).toBeUndefined();
    expect(chronological(undefined)).toEqual([]);
  });

  it("an older page starts at the oldest message shown; a short page was the last", () => {
    const page = [message("c", 3), message("b", 2)];
    expect(nextCursor(page, 2)).toEqual({ createdAt: page[1]!.createdAt, id: "b" });
    expect(nextCursor(page, 50)).toBeUndefined();
    expect(nextCursor([], 50)).toBeUndefined();
  });
});
