// What each habitat action accepts. Every schema names its own messages, even for values of the
// wrong type (zod's defaults are for developers, not for people).
import { z } from "zod";
import { idSchema, optionalText, REQUEST_NOT_VALID } from "@/lib/streaming/schemas";
import { HABITAT_ROLES } from "./roles";

const habitatFields = {
  name: z
    .string({ error: "Give the habitat a name" })
    .trim()
    .min(1, "Give the habitat a name")
    .max(100, "Keep the name under 100 characters"),
  description: optionalText(2000, "Keep the description under 2000 characters", "Write the description as text"),
};

/** "Create a habitat". */
export const newHabitatSchema = z.object(habitatFields, { error: REQUEST_NOT_VALID });
export type NewHabitatInput = z.input<typeof newHabitatSchema>;
export type HabitatField = keyof typeof habitatFields;
/** The fields of the habitat forms, in the order they show. */
export const HABITAT_FORM_FIELDS: readonly HabitatField[] = ["name", "description"];

/** The habitat's settings: its name and description. */
export const habitatSettingsSchema = z.object({ habitatId: idSchema, ...habitatFields }, { error: REQUEST_NOT_VALID });
export type HabitatSettingsInput = z.input<typeof habitatSettingsSchema>;

/** "Invite" by email address. */
export const emailInvitationSchema = z.object(
  {
    habitatId: idSchema,
    email: z
      .string({ error: "Enter an email address" })
      .trim()
      .toLowerCase()
      .max(254, "That email address is too long")
      .pipe(z.email({ error: "Enter a valid email address" })),
  },
  { error: REQUEST_NOT_VALID },
);

/** Days an invite link may stay open, the choices the form offers; null for no expiry. */
export const LINK_EXPIRY_DAYS = [1, 7, 30] as const;
/** Uses the form offers; null for no limit. */
export const LINK_USE_LIMITS = [1, 5, 25, 100] as const;

/** "Create invite link": an optional expiry (in days) and use limit. */
export const inviteLinkSchema = z.object(
  {
    habitatId: idSchema,
    expiresInDays: z
      .number({ error: "Choose when the link expires" })
      .int("Choose when the link expires")
      .min(1, "Choose when the link expires")
      .max(365, "A link expires within a year")
      .nullable(),
    maxUses: z
      .number({ error: "Choose how many people may use the link" })
      .int("Choose how many people may use the link")
      .min(1, "Choose how many people may use the link")
      .max(1000, "A link admits at most 1000 people")
      .nullable(),
  },
  { error: REQUEST_NOT_VALID },
);

/** An invitation of a habitat (revoking it on the habitat's page). */
export const habitatInvitationSchema = z.object({ habitatId: idSchema, invitationId: idSchema }, { error: REQUEST_NOT_VALID });

/** A member of a habitat (removing them). */
export const habitatMemberSchema = z.object({ habitatId: idSchema, userId: idSchema }, { error: REQUEST_NOT_VALID });

/** A member's new role. */
export const memberRoleSchema = z.object(
  { habitatId: idSchema, userId: idSchema, role: z.enum(HABITAT_ROLES, { error: "Choose owner, moderator or member" }) },
  { error: REQUEST_NOT_VALID },
);

/** The token of an invite link. */
export const inviteTokenSchema = z
  .string({ error: "This invite link is not valid" })
  .regex(/^[A-Za-z0-9_-]{32}$/, "This invite link is not valid");
