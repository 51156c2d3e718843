import { NextResponse, type NextRequest } from "next/server";
import { updateSession } from "@/lib/supabase/proxy";

// Next.js refuses a server action body over its 1 MB limit (serverActions.bodySizeLimit) with a
// bare 500; say what is wrong instead. No form of the app comes near it.
const ACTION_BODY_LIMIT = 1024 * 1024;

export async function proxy(request: NextRequest) {
  if (request.method === "POST" && request.headers.has("next-action") && Number(request.headers.get("content-length") ?? 0) > ACTION_BODY_LIMIT) {
    return new NextResponse("That request is too large.", { status: 413, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return await updateSession(request);
}

export const config = {
  matcher: [
    // Every path except Next.js build assets, image optimisation, the favicon and image files.
    "/((?!_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico)$).*)",
  ],
};
