// Every endpoint of the auth service and who may call it, in one table (GoTrue's route table in
// internal/api/api.go): method, path, the middleware that runs before the handler (guards that
// refuse a caller, loaders that find what the path names), and the handler (one file per endpoint
// family in handlers/). A limit on a route, like GoTrue's rate limiters, is one more middleware.
import { requireAdmin, requireAuthentication } from "./guards";
import { adminCreateUser, adminDeleteUser, adminGetUser, adminListUsers, adminUpdateUser, loadUser } from "./handlers/admin";
import { signOut } from "./handlers/logout";
import { health, jwks, settings } from "./handlers/meta";
import { signup } from "./handlers/signup";
import { token } from "./handlers/token";
import { getUser, updateOwnUser } from "./handlers/user";
import { route, type Route } from "./http";

export const routes: readonly Route[] = [
  route("GET", "/auth/v1/health", [], health),
  route("GET", "/auth/v1/settings", [], settings),
  route("GET", "/auth/v1/.well-known/jwks.json", [], jwks),

  route("POST", "/auth/v1/signup", [], signup),
  route("POST", "/auth/v1/token", [], token),

  route("GET", "/auth/v1/user", [requireAuthentication], getUser),
  route("PUT", "/auth/v1/user", [requireAuthentication], updateOwnUser),
  route("POST", "/auth/v1/logout", [requireAuthentication], signOut),

  route("GET", "/auth/v1/admin/users", [requireAdmin], adminListUsers),
  route("POST", "/auth/v1/admin/users", [requireAdmin], adminCreateUser),
  route("GET", "/auth/v1/admin/users/:id", [requireAdmin, loadUser], adminGetUser),
  route("PUT", "/auth/v1/admin/users/:id", [requireAdmin, loadUser], adminUpdateUser),
  route("DELETE", "/auth/v1/admin/users/:id", [requireAdmin, loadUser], adminDeleteUser),
];
