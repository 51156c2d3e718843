// A channel's access token, as RealtimeChannel checks it: at join (the token, and for a private
// channel the right to use it), on an access_token message (a new token replaces the old one after
// the same checks; an `sb_` key or the same token changes nothing) and when it expires, at least
// every 5 minutes (confirm_token). A token that no longer passes ends the channel.
import { nowSeconds, type Claims, type TokenVerifier } from "../../authorization/jwt";
import type { PrivateChannelCheck } from "../../authorization/private-channels";
import { MESSAGES, reason, tokenErrorTexts } from "../../protocol/messages";

export interface TokenServices {
  verifyToken: TokenVerifier;
  canUsePrivate: PrivateChannelCheck;
}

/** Longest wait before re-checking a token (Realtime's confirm_token interval). */
const TOKEN_CHECK_MAX_MS = 5 * 60 * 1000;

export type JoinAuthorization = { ok: true; claims: Claims } | { ok: false; response: { reason: string } };

/** Checks a join's token and, for a private channel, the right to read it: the claims, or the join's error response. */
export async function authorizeJoin(services: TokenServices, token: string, isPrivate: boolean, subTopic: string): Promise<JoinAuthorization> {
  const verified = await services.verifyToken(token);
  if (!verified.ok) return { ok: false, response: tokenErrorTexts(verified.error).join };
  if (isPrivate) {
    const allowed = await services.canUsePrivate(verified.claims.role).catch(() => undefined);
    if (allowed === undefined) return { ok: false, response: reason("UnableToConnectToProject", MESSAGES.databaseUnavailable) };
    if (!allowed) return { ok: false, response: reason("Unauthorized", MESSAGES.noReadPermission(subTopic)) };
  }
  return { ok: true, claims: verified.claims };
}

/** What the token needs from its channel. */
export interface TokenChannel {
  readonly isPrivate: boolean;
  readonly subTopic: string;
  /** ends the channel with this system message */
  revoke(message: string): void;
}

export class ChannelToken {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly services: TokenServices,
    private readonly channel: TokenChannel,
    private token: string,
    private current: Claims,
  ) {}

  get claims(): Claims {
    return this.current;
  }

  /** Handles access_token; resolves true when the token was replaced (the claims may differ). */
  async refresh(token: unknown): Promise<boolean> {
    if (typeof token !== "string" || token.startsWith("sb_") || token === this.token) return false;
    const verified = await this.services.verifyToken(token);
    if (this.stopped) return false;
    if (!verified.ok) {
      this.channel.revoke(tokenErrorTexts(verified.error).refresh);
      return false;
    }
    if (this.channel.isPrivate) {
      const allowed = await this.services.canUsePrivate(verified.claims.role).catch(() => false);
      if (!allowed) {
        this.channel.revoke(MESSAGES.readPermissionRevoked(this.channel.subTopic));
        return false;
      }
    }
    this.token = token;
    this.current = verified.claims;
    this.schedule();
    return true;
  }

  /** Re-checks the token when it expires (and at least every 5 minutes), as confirm_token does. */
  schedule(): void {
    clearTimeout(this.timer);
    const remainingMs = (this.current.exp - nowSeconds()) * 1000;
    this.timer = setTimeout(() => void this.check(), Math.max(0, Math.min(remainingMs, TOKEN_CHECK_MAX_MS)));
    this.timer.unref();
  }

  /** The channel ended. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async check(): Promise<void> {
    if (this.stopped) return;
    const verified = await this.services.verifyToken(this.token);
    if (this.stopped) return;
    if (!verified.ok) return this.channel.revoke(tokenErrorTexts(verified.error).refresh);
    this.schedule();
  }
}
