// The checks of a join, in RealtimeChannel.join's order: a private-only project refuses public
// channels (before the token), the token (./access-token), a private channel's read policies
// (./channel-policies), then replay (./replay). The first that fails gives the join's error response;
// the caller sends it after the channel error backoff.
import type { Claims } from "../../authorization/jwt";
import type { Authorization } from "../../authorization/policies";
import { MESSAGES } from "../../protocol/messages";
import type { StoredMessage } from "../../tenants/messages";
import type { JoinRequest } from "../payloads/join";
import { confirmToken, type TokenServices } from "./access-token";
import { ChannelPolicies } from "./channel-policies";
import { replayForJoin, type ReplayServices } from "./replay";

export interface JoinServices extends TokenServices, ReplayServices {
  authorization: Authorization;
  /** the project allows private channels only (hosted: "Allow public access" off) */
  privateOnly: boolean;
}

export type JoinAuthorization =
  { ok: true; claims: Claims; policies: ChannelPolicies; replayed: StoredMessage[] } | { ok: false; response: { reason: string } };

/** `headers`: the socket's x-* headers, for the policies. */
export async function authorizeJoin(
  services: JoinServices,
  request: JoinRequest,
  subTopic: string,
  headers: Record<string, string>,
): Promise<JoinAuthorization> {
  if (services.privateOnly && !request.isPrivate) return { ok: false, response: MESSAGES.privateOnly };
  const token = await confirmToken(services, request.accessToken);
  if (!token.ok) return token;
  const context = { topic: subTopic, claims: token.claims, headers };
  const policies = await ChannelPolicies.forJoin(services.authorization, request.isPrivate, context, request.presenceEnabled, services.log);
  if (!policies.ok) return policies;
  const replay = await replayForJoin(services, request, policies.policies, subTopic);
  if (!replay.ok) return replay;
  return { ok: true, claims: token.claims, policies: policies.policies, replayed: replay.messages };
}
