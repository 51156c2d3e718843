// An invite link is /invite/<token> on the app's own origin; the token is 32 URL-safe characters.

const TOKEN = /^[A-Za-z0-9_-]{32}$/;

export function isInviteToken(value: string): boolean {
  return TOKEN.test(value);
}

/** The link to share for `token`, on `origin` ("https://app.example"). */
export function inviteLinkUrl(origin: string, token: string): string {
  return `${origin}/invite/${token}`;
}

/**
 * The token in what someone pasted: a whole link (any origin: the path is what counts), a path, or
 * the bare token; null when there is none.
 */
export function tokenFromInviteLink(pasted: string): string | null {
  const text = pasted.trim();
  if (isInviteToken(text)) return text;
  const match = /(?:^|\/)invite\/([A-Za-z0-9_-]{32})(?:[/?#]|$)/.exec(text);
  return match?.[1] ?? null;
}
