import { afterEach, describe, expect, it, vi } from "vitest";
import { readSupabaseEnv, supabaseEnv } from "./env";

function setEnv(url: string | undefined, anonKey: string | undefined) {
  vi.stubEnv("NEXT_PUBLIC_SUPABASE_URL", url);
  vi.stubEnv("NEXT_PUBLIC_SUPABASE_ANON_KEY", anonKey);
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("Supabase environment", () => {
  it("both variables set → the URL and anon key", () => {
    setEnv("http://127.0.0.1:54321", "anon-key");
    expect(readSupabaseEnv()).toEqual({
      ok: true,
      env: { url: "http://127.0.0.1:54321", anonKey: "anon-key" },
    });
  });

  it("unset or empty variables → a message naming each of them", () => {
    setEnv(undefined, "");
    const result = readSupabaseEnv();
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toBe(
      "Supabase is not configured: NEXT_PUBLIC_SUPABASE_URL is not set; NEXT_PUBLIC_SUPABASE_ANON_KEY is not set.",
    );
  });

  it("a URL that is not http(s) → a message saying what is expected", () => {
    setEnv("127.0.0.1:54321", "anon-key");
    expect(() => supabaseEnv()).toThrow("NEXT_PUBLIC_SUPABASE_URL must be an http(s) URL");
  });
});
