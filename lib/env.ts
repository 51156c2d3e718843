import { z } from "zod";

const supabaseEnvSchema = z.object({
  NEXT_PUBLIC_SUPABASE_URL: z.url({
    protocol: /^https?$/,
    error: (issue) =>
      issue.input === undefined
        ? "NEXT_PUBLIC_SUPABASE_URL is not set"
        : "NEXT_PUBLIC_SUPABASE_URL must be an http(s) URL, e.g. http://127.0.0.1:54321",
  }),
  NEXT_PUBLIC_SUPABASE_ANON_KEY: z.string({ error: "NEXT_PUBLIC_SUPABASE_ANON_KEY is not set" }),
});

export type SupabaseEnv = { url: string; anonKey: string };

export type SupabaseEnvResult = { ok: true; env: SupabaseEnv } | { ok: false; error: string };

/**
 * Reads the Supabase connection settings. Each variable is named literally so
 * Next.js can inline NEXT_PUBLIC_* values into the browser bundle.
 * An empty string counts as unset.
 */
export function readSupabaseEnv(): SupabaseEnvResult {
  const parsed = supabaseEnvSchema.safeParse({
    NEXT_PUBLIC_SUPABASE_URL: process.env.NEXT_PUBLIC_SUPABASE_URL || undefined,
    NEXT_PUBLIC_SUPABASE_ANON_KEY: process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY || undefined,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => issue.message).join("; ");
    return { ok: false, error: `Supabase is not configured: ${problems}.` };
  }
  return {
    ok: true,
    env: {
      url: parsed.data.NEXT_PUBLIC_SUPABASE_URL,
      anonKey: parsed.data.NEXT_PUBLIC_SUPABASE_ANON_KEY,
    },
  };
}

export function hasSupabaseEnv(): boolean {
  return readSupabaseEnv().ok;
}

/** The Supabase settings, or an Error that names the missing or invalid variables. */
export function supabaseEnv(): SupabaseEnv {
  const result = readSupabaseEnv();
  if (!result.ok) throw new Error(result.error);
  return result.env;
}
