"use server";

// Sign in and sign up with email and password, through the server Supabase client (which writes
// the session cookies). After signing in, the visitor goes back where they were going: only ever
// a same-origin path. Signing out is app/actions.ts (the header's, on every page).
import { redirect } from "next/navigation";
import { z } from "zod";
import { formText } from "@/lib/form-data";
import { safeNextPath } from "@/lib/safe-redirect";
import { createClient } from "@/lib/supabase/server";
import { authFailure } from "./auth-failure";

export interface AuthFormState {
  error: string | null;
  /** What the visitor typed, given back so a refused form keeps it (never the password). */
  email: string;
  displayName: string;
}

const credentialsSchema = z.object({
  email: z.email({ error: "Enter a valid email address" }).max(254),
  password: z.string().min(1, "Enter your password").max(128, "That password is too long"),
});

const signUpSchema = z.object({
  displayName: z.string().trim().min(1, "Tell us your name").max(80, "Keep your name under 80 characters"),
  email: z.email({ error: "Enter a valid email address" }).max(254),
  password: z.string().min(6, "Choose a password of at least 6 characters").max(72, "Keep your password under 72 characters"),
});

export async function signIn(_previous: AuthFormState, form: FormData): Promise<AuthFormState> {
  const email = formText(form, "email").trim();
  const keep = { email, displayName: "" };
  const parsed = credentialsSchema.safeParse({ email, password: formText(form, "password") });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Check the form", ...keep };

  const supabase = await createClient();
  const { error } = await supabase.auth.signInWithPassword(parsed.data);
  if (error) return { error: authFailure(error, "Signing in failed. Please try again."), ...keep };
  redirect(safeNextPath(formText(form, "next")));
}

export async function signUp(_previous: AuthFormState, form: FormData): Promise<AuthFormState> {
  const email = formText(form, "email").trim();
  const displayName = formText(form, "displayName");
  const keep = { email, displayName };
  const parsed = signUpSchema.safeParse({ displayName, email, password: formText(form, "password") });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Check the form", ...keep };

  const supabase = await createClient();
  const { data, error } = await supabase.auth.signUp({
    email: parsed.data.email,
    password: parsed.data.password,
    options: { data: { display_name: parsed.data.displayName } },
  });
  if (error) return { error: authFailure(error, "Creating your account failed. Please try again."), ...keep };
  // a project that asks for email confirmation answers without a session
  if (!data.session) return { error: "Check your inbox to confirm your email address, then sign in.", ...keep };
  redirect(safeNextPath(formText(form, "next")));
}
