import { describe, expect, it } from "vitest";
import { MESSAGE_BAD_CHARACTERS, MESSAGE_EMPTY, MESSAGE_TOO_LONG, messageBodySchema, sendMessageSchema } from "./schemas";

const check = (body: unknown) => {
  const parsed = messageBodySchema.safeParse(body);
  return parsed.success ? { ok: parsed.data } : { error: parsed.error.issues[0]?.message };
};

describe("a chat message, checked as the database checks it", () => {
  it("trimmed; 1 to 500 characters counted as the database counts them (an emoji is one)", () => {
    expect(check("  hi  ")).toEqual({ ok: "hi" });
    expect(check("\u00a0hi\ufeff")).toEqual({ ok: "hi" });
    expect(check("   ")).toEqual({ error: MESSAGE_EMPTY });
    expect(check("🍿".repeat(500))).toEqual({ ok: "🍿".repeat(500) });
    expect(check("🍿".repeat(501))).toEqual({ error: MESSAGE_TOO_LONG });
  });

  it("control and text-direction override characters are refused; a right-to-left mark is fine", () => {
    for (const body of ["a\nb", "bell\u0007", "\u001b[31m", "a\u0085b", "x\u202ey", "\u2066iso\u2069"])
      expect(check(body), JSON.stringify(body)).toEqual({ error: MESSAGE_BAD_CHARACTERS });
    expect(check("שלום\u200f")).toEqual({ ok: "שלום\u200f" });
  });

  it("a message is text, in a party given by a valid id", () => {
    expect(check(42)).toEqual({ error: "Write the message as text" });
    expect(sendMessageSchema.safeParse({ partyId: "nope", body: "hi" }).success).toBe(false);
    expect(sendMessageSchema.safeParse(null).error?.issues[0]?.message).toBe("That request was not valid");
  });
});
