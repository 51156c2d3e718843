// A member's access token for the benchmarks: signed with the stack's JWT secret, as PostgREST,
// auth and realtime accept it, so that thousands of users need no sign-in round trip.
import { SignJWT } from "jose";

export async function userToken(secret: string, sub: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub, role: "authenticated", aud: "authenticated" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(new TextEncoder().encode(secret));
}
