import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce } from "./content-security-policy";

/** The policy's directives by name. */
function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy.split("; ").map((directive) => {
      const [name, ...sources] = directive.split(" ");
      return [name!, sources];
    }),
  );
}

const policy = (options: { supabaseUrl?: string | null; development?: boolean } = {}) =>
  directives(contentSecurityPolicy({ nonce: "bm9uY2U=", supabaseUrl: "http://127.0.0.1:54321", ...options }));

describe("the pages' Content Security Policy", () => {
  it("runs scripts only with the request's nonce ('strict-dynamic'), never eval in production", () => {
    expect(policy()["script-src"]).toEqual(["'self'", "'nonce-bm9uY2U='", "'strict-dynamic'"]);
    expect(policy({ development: true })["script-src"]).toContain("'unsafe-eval'");
    expect(policy()["object-src"]).toEqual(["'none'"]);
    expect(policy()["base-uri"]).toEqual(["'self'"]);
  });

  it("no other page may frame ours", () => {
    expect(policy()["frame-ancestors"]).toEqual(["'none'"]);
  });

  it("frames the YouTube, Vimeo and Twitch players and nothing else", () => {
    expect(policy()["frame-src"]).toEqual([
      "https://www.youtube-nocookie.com",
      "https://www.youtube.com",
      "https://player.vimeo.com",
      "https://player.twitch.tv",
      "https://clips.twitch.tv",
    ]);
  });

  it("plays media files from any http(s) host", () => {
    expect(policy()["media-src"]).toEqual(["'self'", "https:", "http:"]);
  });

  it("connects to this site and to the configured Supabase, over http and websockets", () => {
    expect(policy()["connect-src"]).toEqual(["'self'", "http://127.0.0.1:54321", "ws://127.0.0.1:54321"]);
    expect(policy({ supabaseUrl: "https://abc.supabase.co/" })["connect-src"]).toEqual([
      "'self'",
      "https://abc.supabase.co",
      "wss://abc.supabase.co",
    ]);
    expect(policy({ supabaseUrl: null })["connect-src"]).toEqual(["'self'"]);
  });

  it("a nonce is new on every request and long enough not to be guessed", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});
