// The pages' Content Security Policy, Next.js 16's documented nonce-based one: proxy.ts makes a
// nonce per request and sends this policy on the request (Next.js reads the nonce from it and puts
// it on its own scripts) and on the response. Scripts run only with the nonce ('strict-dynamic'
// lets them load the chunks they need); the room's players may be framed from their providers
// alone; media files from any http(s) host; the browser talks to this site and to Supabase only;
// and no other site may frame these pages.

/** The players the party room embeds (lib/streaming/media.ts), and nothing else. */
export const PLAYER_ORIGINS = [
  "https://www.youtube-nocookie.com",
  "https://www.youtube.com",
  "https://player.vimeo.com",
  "https://player.twitch.tv",
  "https://clips.twitch.tv",
] as const;

/** A fresh, unguessable nonce (128 random bits, base64). */
export function createNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/** The Supabase origins the browser connects to: the API over http(s) and realtime over ws(s). */
function supabaseOrigins(supabaseUrl: string | null): string[] {
  if (!supabaseUrl) return [];
  const api = new URL(supabaseUrl);
  const socket = new URL(api.origin);
  socket.protocol = api.protocol === "https:" ? "wss:" : "ws:";
  return [api.origin, socket.origin];
}

export interface PolicyOptions {
  nonce: string;
  /** NEXT_PUBLIC_SUPABASE_URL; null when the app is not configured (no Supabase to reach). */
  supabaseUrl: string | null;
  /** `next dev`: React needs eval() for its debugging aids there, never in production. */
  development?: boolean;
}

export function contentSecurityPolicy({ nonce, supabaseUrl, development = false }: PolicyOptions): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", `'nonce-${nonce}'`],
    // style="" attributes (an avatar's size) cannot carry a nonce; they run no code
    "style-src-attr": ["'unsafe-inline'"],
    // avatars and thumbnails are links to anywhere
    "img-src": ["'self'", "data:", "blob:", "https:", "http:"],
    "font-src": ["'self'"],
    "media-src": ["'self'", "https:", "http:"],
    "frame-src": [...PLAYER_ORIGINS],
    "connect-src": ["'self'", ...supabaseOrigins(supabaseUrl)],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}
