// The HTTP side of the auth service: a small router over node:http that runs each route's
// middleware before its handler (as chi's r.With does in GoTrue), CORS as GoTrue answers it,
// request bodies (1 MB, JSON), and responses. Every response carries X-Supabase-Api-Version:
// 2024-01-01, so auth-js takes the error code from the body's `code` field.
import type { IncomingMessage, ServerResponse } from "node:http";
import { isIP } from "node:net";
import type { Service } from "./config";
import { errorBody, errors, HttpError, isDataException, OAuthError } from "./errors";
import { BodyTooLargeError, readBody } from "../http-body";

export const API_VERSION_HEADER = "X-Supabase-Api-Version";
export const API_VERSION = "2024-01-01";
const MAX_BODY_BYTES = 1 << 20;

const ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE";
const ALLOWED_HEADERS = [
  "accept",
  "apikey",
  "authorization",
  "content-type",
  "x-client-info",
  "x-client-ip",
  "x-jwt-aud",
  "x-retry-count",
  "x-supabase-api-version",
  "x-use-cookie",
].join(", ");
const EXPOSED_HEADERS = `${API_VERSION_HEADER}, X-Total-Count, Link`;

export interface Request {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  /** Named segments of the matched route (`:id`). */
  params: Record<string, string>;
  /** The caller's address (first X-Forwarded-For entry, else the socket), when it is a valid IP. */
  ip: string | null;
  /** The address of the connection (behind the gateway: the gateway's), whatever the headers say. */
  remoteAddress: string | null;
  userAgent: string | null;
  /** The body as text; empty when there is none. */
  text(): Promise<string>;
}

export interface Reply {
  status: number;
  /** JSON-encoded unless undefined (then no body). */
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Runs before a route's handler: refuses the request by throwing (e.g. an HttpError), or lets it
 * through with what it established (e.g. the caller), which the handler receives.
 */
export type Middleware<Established extends object = object> = (service: Service, req: Request) => Promise<Established>;

/** Answers a request, given what the route's middleware established. */
export type Handler<Established = unknown> = (service: Service, req: Request, established: Established) => Promise<Reply>;

/** What a list of middleware establishes together: all of their results. */
type EstablishedBy<M extends readonly Middleware[]> = M extends readonly [
  Middleware<infer First>,
  ...infer Rest extends readonly Middleware[],
]
  ? First & EstablishedBy<Rest>
  : unknown;

type Method = "GET" | "POST" | "PUT" | "DELETE";

export interface Route {
  method: Method;
  /** A path like /auth/v1/admin/users/:id */
  path: string;
  /** Run in order before the handler; their results are merged into what the handler receives. */
  middleware: readonly Middleware[];
  handler: Handler<object>;
}

/** A route whose handler is checked against what its middleware establishes. */
export function route<const M extends readonly Middleware[]>(
  method: Method,
  path: string,
  middleware: M,
  handler: Handler<EstablishedBy<M>>,
): Route {
  // the router merges the middleware's results in order, which is exactly EstablishedBy<M>
  return { method, path, middleware, handler: (service, req, established) => handler(service, req, established as EstablishedBy<M>) };
}

interface CompiledRoute extends Route {
  segments: string[];
}

export const json = (body: unknown, status = 200, headers?: Record<string, string>): Reply => ({ status, body, headers });
export const noContent = (): Reply => ({ status: 204 });

function match(route: CompiledRoute, segments: string[]): Record<string, string> | null {
  if (route.segments.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const expected = route.segments[i]!;
    const actual = segments[i]!;
    if (expected.startsWith(":")) {
      try {
        params[expected.slice(1)] = decodeURIComponent(actual);
      } catch {
        return null;
      }
    } else if (expected !== actual) {
      return null;
    }
  }
  return params;
}

const splitPath = (path: string) => path.split("/").filter((s) => s !== "");

function clientIp(req: IncomingMessage): string | null {
  const forwarded = req.headers["x-forwarded-for"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  if (first && isIP(first)) return first;
  const remote = req.socket.remoteAddress;
  return remote && isIP(remote) ? remote : null;
}

/** The body as text; over the limit, GoTrue's 413. */
async function readText(req: IncomingMessage): Promise<string> {
  try {
    return (await readBody(req, MAX_BODY_BYTES)).toString("utf8");
  } catch (error) {
    throw error instanceof BodyTooLargeError ? errors.bodyTooLarge(MAX_BODY_BYTES) : error;
  }
}

function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  return origin
    ? { "Access-Control-Allow-Origin": origin, "Access-Control-Allow-Credentials": "true", Vary: "Origin" }
    : { "Access-Control-Allow-Origin": "*" };
}

function send(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = {
    ...corsHeaders(req),
    "Access-Control-Expose-Headers": EXPOSED_HEADERS,
    [API_VERSION_HEADER]: API_VERSION,
    ...reply.headers,
  };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  const payload = JSON.stringify(reply.body);
  headers["Content-Type"] = "application/json";
  headers["Content-Length"] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers).end(payload);
}

export function errorReply(error: unknown, onUnexpected: (error: unknown) => void): Reply {
  if (error instanceof HttpError) {
    return { status: error.status, body: errorBody(error), headers: { "x-sb-error-code": error.code } };
  }
  if (error instanceof OAuthError) {
    return { status: 400, body: { error: error.error, error_description: error.description } };
  }
  if (isDataException(error)) {
    // e.g. a \u0000 inside user metadata, which jsonb refuses: the caller's data, not our fault
    const invalid = errors.validation(`Invalid input: ${error.message}`);
    return { status: invalid.status, body: errorBody(invalid), headers: { "x-sb-error-code": invalid.code } };
  }
  onUnexpected(error);
  const unexpected = errors.unexpected();
  return { status: unexpected.status, body: errorBody(unexpected), headers: { "x-sb-error-code": unexpected.code } };
}

/** Runs the route's middleware in order, then its handler with what they established. */
async function serve(service: Service, route: Route, req: Request): Promise<Reply> {
  let established: object = {};
  for (const middleware of route.middleware) established = { ...established, ...(await middleware(service, req)) };
  return route.handler(service, req, established);
}

/** A node:http request listener serving `routes` for `service`, answering CORS preflights for any origin. */
export function createListener(service: Service, routes: readonly Route[], onUnexpected: (error: unknown) => void) {
  const compiled: CompiledRoute[] = routes.map((route) => ({ ...route, segments: splitPath(route.path) }));

  return (req: IncomingMessage, res: ServerResponse): void => {
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://auth.local");

    if (method === "OPTIONS") {
      const requested = req.headers["access-control-request-method"];
      res
        .writeHead(204, {
          ...corsHeaders(req),
          "Access-Control-Allow-Methods": requested ? requested.toUpperCase() : ALLOWED_METHODS,
          "Access-Control-Allow-Headers": ALLOWED_HEADERS,
          "Access-Control-Max-Age": "86400",
          Vary: "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
          [API_VERSION_HEADER]: API_VERSION,
        })
        .end();
      return;
    }

    const segments = splitPath(url.pathname);
    let found: { route: CompiledRoute; params: Record<string, string> } | undefined;
    let pathExists = false;
    for (const route of compiled) {
      const params = match(route, segments);
      if (!params) continue;
      pathExists = true;
      if (route.method === method || (method === "HEAD" && route.method === "GET")) {
        found = { route, params };
        break;
      }
    }

    let body: Promise<string> | undefined;
    const request: Request = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      params: found?.params ?? {},
      ip: clientIp(req),
      remoteAddress: req.socket.remoteAddress ?? null,
      userAgent: req.headers["user-agent"] ?? null,
      text: () => (body ??= readText(req)),
    };

    const run = async (): Promise<Reply> => {
      if (!found) throw pathExists ? errors.methodNotAllowed(method, url.pathname) : errors.notFound(method, url.pathname);
      return serve(service, found.route, request);
    };

    run()
      .catch((error: unknown) => errorReply(error, onUnexpected))
      .then((reply) => {
        // drain an unread body so the connection can be reused
        if (!body) req.resume();
        send(req, res, reply);
      })
      .catch((error: unknown) => {
        onUnexpected(error);
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
  };
}
