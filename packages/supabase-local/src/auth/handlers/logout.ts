// POST /auth/v1/logout?scope=global|local|others: ends sessions (and their refresh tokens).
import type { Service } from "../config";
import { errors } from "../errors";
import { authenticate } from "../guards";
import { noContent, type Request, type Reply, type Route } from "../http";
import { logout, type LogoutScope } from "../sessions";

function scopeOf(req: Request): LogoutScope {
  const scope = req.query.get("scope") ?? "";
  if (scope === "" || scope === "global") return "global";
  if (scope === "local" || scope === "others") return scope;
  throw errors.logoutScope(scope);
}

async function signOut({ config, pool }: Service, req: Request): Promise<Reply> {
  const { user, session } = await authenticate(config, pool, req);
  await logout(pool, scopeOf(req), user.row.id, session?.id ?? null);
  return noContent();
}

export const logoutRoutes = (service: Service): Route[] => [
  { method: "POST", path: "/auth/v1/logout", handler: (req) => signOut(service, req) },
];
