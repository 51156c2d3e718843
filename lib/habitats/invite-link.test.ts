import { describe, expect, it } from "vitest";
import { inviteLinkUrl, isInviteToken, tokenFromInviteLink } from "./invite-link";

const TOKEN = "Ab3_-xYz0123456789abcdefghijKLMN";

describe("invite links", () => {
  it("a link is the origin's /invite/<token>", () => {
    expect(inviteLinkUrl("https://watch.example", TOKEN)).toBe(`https://watch.example/invite/${TOKEN}`);
    expect(isInviteToken(TOKEN)).toBe(true);
    expect(isInviteToken(`${TOKEN}x`)).toBe(false);
  });

  it("the token is found in a pasted link, a path or on its own, blanks around ignored", () => {
    for (const pasted of [
      `https://watch.example/invite/${TOKEN}`,
      ` http://127.0.0.1:3000/invite/${TOKEN}?from=chat `,
      `/invite/${TOKEN}`,
      TOKEN,
      `invite/${TOKEN}#x`,
    ]) {
      expect(tokenFromInviteLink(pasted), pasted).toBe(TOKEN);
    }
  });

  it("nothing else is taken for a token", () => {
    for (const pasted of [
      "",
      "https://watch.example/",
      `https://watch.example/invite/${TOKEN}x`,
      "invite/short",
      "<script>",
      `https://watch.example/invites/${TOKEN.slice(1)}`,
    ]) {
      expect(tokenFromInviteLink(pasted), pasted).toBeNull();
    }
  });
});
