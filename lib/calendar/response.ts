// HTTP answers of the calendar routes: an iCalendar file (never cached by anyone in between: it is
// someone's own schedule), or a plain 404.
import { ICS_CONTENT_TYPE } from "./ics";

export function calendarResponse(body: string, filename: string, disposition: "attachment" | "inline"): Response {
  return new Response(body, {
    headers: {
      "Content-Type": ICS_CONTENT_TYPE,
      "Content-Disposition": `${disposition}; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

export function plainResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

/**
 * The app's origin as the caller reached it (the Host header, as the party page reads it): the
 * base of each party's URL in a calendar. Next's nextUrl names the server's own host instead.
 */
export function requestOrigin(request: Request & { nextUrl: URL }): string {
  const protocol = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || request.nextUrl.protocol.replace(/:$/, "");
  return `${protocol}://${request.headers.get("host") ?? request.nextUrl.host}`;
}
