// The headers every answer of the app carries (next.config.ts sends them on every path, static
// files included); the Content Security Policy, which needs a nonce per request, comes from proxy.ts.
export const SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  // a file is what its Content-Type says, never sniffed into a script or a page
  { key: "X-Content-Type-Options", value: "nosniff" },
  // other sites learn only the origin a visitor came from (YouTube's player needs that much)
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // nothing here uses the camera, microphone, location, payments or USB, nor may anything framed
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  // for browsers older than CSP's frame-ancestors
  { key: "X-Frame-Options", value: "DENY" },
];
