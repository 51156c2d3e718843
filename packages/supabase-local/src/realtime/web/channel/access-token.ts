// A channel's access token, as RealtimeChannel checks it: at join (confirm_token), on an
// access_token message (a new token replaces the old one once it passes and the channel's policies
// pass for its claims; an `sb_` key, null or the same token changes nothing) and when it expires,
// at least every 5 minutes (confirm_token). A token that no longer passes ends the channel.
import { nowSeconds, type Claims, type TokenVerifier } from "../../authorization/jwt";
import { tokenErrorTexts } from "../../protocol/messages";

export interface TokenServices {
  verifyToken: TokenVerifier;
}

/** Longest wait before re-checking a token (Realtime's confirm_token interval). */
const TOKEN_CHECK_MAX_MS = 5 * 60 * 1000;

export type ConfirmedToken = { ok: true; claims: Claims } | { ok: false; response: { reason: string } };

/** Checks a join's token: the claims, or the join's error response. */
export async function confirmToken(services: TokenServices, token: string): Promise<ConfirmedToken> {
  const verified = await services.verifyToken(token);
  return verified.ok ? { ok: true, claims: verified.claims } : { ok: false, response: tokenErrorTexts(verified.error).join };
}

/** What the token needs from its channel. */
export interface TokenChannel {
  /** checks the channel's policies for a new token's claims: null to go on, else the message that ends it */
  authorize(claims: Claims): Promise<string | null>;
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
    const refused = await this.channel.authorize(verified.claims);
    if (this.stopped) return false;
    if (refused !== null) {
      this.channel.revoke(refused);
      return false;
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
