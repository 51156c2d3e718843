// GET /auth/v1/health, /auth/v1/settings and /auth/v1/.well-known/jwks.json: what the service is
// and which sign-in methods it offers (a `supabase start` project's defaults: email only, confirmed
// at once).
import { json, type Handler } from "../http";

const EXTERNAL_PROVIDERS = [
  "anonymous_users",
  "apple",
  "azure",
  "bitbucket",
  "discord",
  "facebook",
  "snapchat",
  "figma",
  "fly",
  "github",
  "gitlab",
  "google",
  "keycloak",
  "kakao",
  "linkedin",
  "linkedin_oidc",
  "notion",
  "spotify",
  "slack",
  "slack_oidc",
  "workos",
  "twitch",
  "twitter",
  "email",
  "phone",
  "zoom",
];

const SETTINGS = {
  external: Object.fromEntries(EXTERNAL_PROVIDERS.map((name) => [name, name === "email"])),
  disable_signup: false,
  mailer_autoconfirm: true,
  phone_autoconfirm: false,
  sms_provider: "",
  saml_enabled: false,
  saml_private_key_next_configured: false,
  passkeys_enabled: false,
};

export const health: Handler = async () =>
  json({ version: "local", name: "GoTrue", description: "GoTrue is a user registration and authentication API" });

export const settings: Handler = async () => json(SETTINGS);

/**
 * GoTrue's WellKnownJwks: the public halves of the asymmetric keys, never the HS256 secret (so the
 * set is empty without a signing key), cacheable for 10 minutes.
 */
export const jwks: Handler = async ({ config }) =>
  json({ keys: config.signingKey ? [config.signingKey.publicJwk] : [] }, 200, { "Cache-Control": "public, max-age=600" });
