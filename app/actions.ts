"use server";

// Server actions shared by every route (the header's "Sign out"); a route's own actions live in
// its folder (app/**/actions.ts).
import { redirect } from "next/navigation";
import { createClient } from "@/lib/supabase/server";

export async function signOut(): Promise<void> {
  const supabase = await createClient();
  await supabase.auth.signOut();
  redirect("/login");
}
