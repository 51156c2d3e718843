import { NextResponse, type NextRequest } from "next/server";
import { refuseServerAction, type Refusal } from "@/lib/security/action-request";
import { contentSecurityPolicy, createNonce } from "@/lib/security/content-security-policy";
import { decodesCleanly } from "@/lib/security/request-path";
import { readSupabaseEnv } from "@/lib/env";
import { updateSession } from "@/lib/supabase/proxy";

/** A refusal as the browser gets it: a status and a sentence, never Next.js's bare 500. */
function refuse({ status, message }: Refusal): NextResponse {
  return new NextResponse(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export async function proxy(request: NextRequest) {
  // requests Next.js would answer with a 500: a path that does not decode, a bad server action
  if (!decodesCleanly(request.nextUrl.pathname)) return refuse({ status: 400, message: "That address is not valid." });
  const refusal = await refuseServerAction(request);
  if (refusal) return refuse(refusal);

  // Next.js's nonce-based CSP: the policy on the request (Next.js puts its nonce on its own
  // scripts) and on the response
  const env = readSupabaseEnv();
  const policy = contentSecurityPolicy({
    nonce: createNonce(),
    supabaseUrl: env.ok ? env.env.url : null,
    development: process.env.NODE_ENV === "development",
  });
  request.headers.set("Content-Security-Policy", policy);
  const response = await updateSession(request);
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: [
    // Every path except Next.js build assets, image optimisation, the favicon and image files.
    "/((?!_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico)$).*)",
  ],
};
