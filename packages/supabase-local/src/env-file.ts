// The app's .env.local: written by the local stack with its URL and anon key (never the service
// role key), unless the user keeps their own file pointing elsewhere.
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const MARKER = "# written by the local stack (npm run db:start); delete this file to configure your own";
// what the stack wrote before it became its own package
const OLD_MARKER = "# written by supabase/local (npm run db:start)";

const isOurs = (text: string) => text.startsWith(MARKER) || text.startsWith(OLD_MARKER);

function parse(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*"?([^"\n]*)"?\s*$/.exec(line);
    if (m) vars[m[1]!] = m[2]!;
  }
  return vars;
}

/** The Supabase URL the user configured themselves (environment or their own .env.local). */
export function externalSupabaseUrl(envFile: string): string | undefined {
  if (process.env.NEXT_PUBLIC_SUPABASE_URL) return process.env.NEXT_PUBLIC_SUPABASE_URL;
  if (!existsSync(envFile)) return undefined;
  const text = readFileSync(envFile, "utf8");
  return isOurs(text) ? undefined : parse(text).NEXT_PUBLIC_SUPABASE_URL;
}

/** Writes the stack's settings, unless the file is the user's own; returns whether it wrote. */
export function writeEnvFile(envFile: string, apiUrl: string, anonKey: string): boolean {
  if (existsSync(envFile) && !isOurs(readFileSync(envFile, "utf8"))) return false;
  writeFileSync(envFile, `${MARKER}\nNEXT_PUBLIC_SUPABASE_URL=${apiUrl}\nNEXT_PUBLIC_SUPABASE_ANON_KEY=${anonKey}\n`);
  return true;
}
