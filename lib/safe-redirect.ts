const BASE = "http://local.invalid";

/** A path a browser would read as another host: "//host" or "/\host" (browsers treat "\" as "/"). */
const leavesTheSite = (path: string) => path.startsWith("//") || path.startsWith("/\\");

/**
 * The path to return to after signing in: only a same-origin relative path ("/parties/…").
 * Anything else (absolute URLs, protocol-relative "//evil.com", backslash tricks, javascript:)
 * falls back to `fallback`. The check runs on the path as a browser will read it, after dot
 * segments are resolved: "/.//evil.com", "/%2e//evil.com" and "/a/..//evil.com" all become
 * "//evil.com", another host.
 */
export function safeNextPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  // Must be a path: one leading slash, not two, and no backslash (browsers read "/\\" as "//").
  if (!value.startsWith("/") || leavesTheSite(value) || value.includes("\\")) return fallback;
  // Control characters (tabs and newlines are dropped by URL parsers) could smuggle a host in.
  if (/[\u0000-\u001f\u007f]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // The normalised path must still be a path of this site, and read the same a second time.
  if (leavesTheSite(path) || new URL(path, BASE).origin !== BASE) return fallback;
  // Never bounce back to the login page itself.
  if (url.pathname === "/login" || url.pathname.startsWith("/login/")) return fallback;
  return path;
}
