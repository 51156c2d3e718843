// Every endpoint of the auth service and who may call it, in one table (GoTrue's route table in
// internal/api/api.go): method, path, the middleware that runs before the handler (guards that
// refuse a caller, loaders that find what the path names), and the handler (one file per endpoint
// family in handlers/). A limit on a route, like GoTrue's rate limiters, is one more middleware.
import { requireAdmin, requireAuthentication } from "./guards";
import { adminCreateUser, adminDeleteUser, adminGetUser, adminListUsers, adminUpdateUser, loadUser } from "./handlers/admin";
import { signOut } from "./handlers/logout";
import { health, jwks, settings } from "./handlers/meta";
import { namesSomeone, signup } from "./handlers/signup";
import { isServedGrant, token } from "./handlers/token";
import { getUser, updateOwnUser } from "./handlers/user";
import { verify } from "./handlers/verify";
import { route, type Route } from "./http";
import { rateLimited } from "./rate-limits";

export const routes: readonly Route[] = [
  route("GET", "/auth/v1/health", [], health),
  route("GET", "/auth/v1/settings", [], settings),
  route("GET", "/auth/v1/.well-known/jwks.json", [], jwks),

  // GoTrue refuses an anonymous sign-up (disabled) and an unknown grant type before it limits
  route("POST", "/auth/v1/signup", [rateLimited("signups", namesSomeone)], signup),
  route("POST", "/auth/v1/token", [rateLimited("token", isServedGrant)], token),
  route("GET", "/auth/v1/verify", [rateLimited("verify")], verify),
  route("POST", "/auth/v1/verify", [rateLimited("verify")], verify),

  route("GET", "/auth/v1/user", [requireAuthentication], getUser),
  route("PUT", "/auth/v1/user", [requireAuthentication, rateLimited("user")], updateOwnUser),
  route("POST", "/auth/v1/logout", [requireAuthentication], signOut),

  route("GET", "/auth/v1/admin/users", [requireAdmin], adminListUsers),
  route("POST", "/auth/v1/admin/users", [requireAdmin], adminCreateUser),
  route("GET", "/auth/v1/admin/users/:id", [requireAdmin, loadUser], adminGetUser),
  route("PUT", "/auth/v1/admin/users/:id", [requireAdmin, loadUser], adminUpdateUser),
  route("DELETE", "/auth/v1/admin/users/:id", [requireAdmin, loadUser], adminDeleteUser),
];
