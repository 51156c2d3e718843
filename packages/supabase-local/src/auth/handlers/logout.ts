// POST /auth/v1/logout?scope=global|local|others: ends the signed-in user's sessions (and their
// refresh tokens); requireAuthentication, which routes.ts puts in front, establishes the user.
import type { Service } from "../config";
import { errors } from "../errors";
import type { Authenticated } from "../guards";
import { noContent, type Request, type Reply } from "../http";
import { logout, type LogoutScope } from "../sessions";

function scopeOf(req: Request): LogoutScope {
  const scope = req.query.get("scope") ?? "";
  if (scope === "" || scope === "global") return "global";
  if (scope === "local" || scope === "others") return scope;
  throw errors.logoutScope(scope);
}

export async function signOut({ pool }: Service, req: Request, { caller: { user, session } }: Authenticated): Promise<Reply> {
  await logout(pool, scopeOf(req), user.row.id, session?.id ?? null);
  return noContent();
}
