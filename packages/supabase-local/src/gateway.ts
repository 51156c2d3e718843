// The API gateway on port 54321, as Supabase's: /rest/v1 → PostgREST (prefix stripped),
// /auth/v1 → auth, /realtime/v1 → realtime (when running; a websocket waits while it restarts),
// an apikey on every request but the browser redirects GoTrue leaves open, CORS for browsers, and
// the caller's address appended to X-Forwarded-For.
import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

export interface Upstream {
  /** Base URL the request goes to, e.g. http://127.0.0.1:3000 */
  url: string;
  /** Remove the route's prefix (PostgREST serves at /, as behind Kong). */
  stripPrefix: boolean;
}

export interface GatewayOptions {
  port: number;
  host?: string;
  apiKeys: string[];
  routes: Record<string, Upstream>;
}

export interface GatewayHandle {
  url: string;
  stop(): Promise<void>;
}

// GoTrue endpoints a browser reaches by redirect, without an apikey (Supabase's Kong config)
const OPEN_PATHS = ["/auth/v1/verify", "/auth/v1/callback", "/auth/v1/authorize", "/auth/v1/health"];

/** How long a websocket upgrade waits for a refused upstream to come back. */
const UPGRADE_RETRY_MS = 10_000;

const EXPOSED_HEADERS = "Content-Range, Content-Location, Preference-Applied, X-Supabase-Api-Version, X-Total-Count, Link, Range-Unit";

function corsHeaders(req: IncomingMessage): Record<string, string> {
  return {
    "access-control-allow-origin": req.headers.origin ?? "*",
    "access-control-allow-credentials": "true",
    "access-control-expose-headers": EXPOSED_HEADERS,
    vary: "Origin",
  };
}

function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", ...corsHeaders(req) });
  res.end(JSON.stringify(body));
}

/** The apikey of a request: header `apikey`, or `?apikey=` (websockets cannot send headers). */
function apiKeyOf(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers.apikey;
  return (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get("apikey") ?? undefined;
}

/**
 * The headers sent upstream: the request's, with the upstream's Host and, as Kong's
 * $proxy_add_x_forwarded_for does, the caller's address appended to X-Forwarded-For (so a server
 * that forwards its own client's address, like the app's, keeps it first).
 */
function upstreamHeaders(req: IncomingMessage, target: URL): IncomingMessage["headers"] {
  const incoming = req.headers["x-forwarded-for"];
  const forwarded = [...(Array.isArray(incoming) ? incoming : incoming ? [incoming] : []), req.socket.remoteAddress ?? ""].filter(Boolean);
  return { ...req.headers, host: target.host, "x-forwarded-for": forwarded.join(", ") };
}

function route(routes: Record<string, Upstream>, path: string): { prefix: string; upstream: Upstream } | undefined {
  for (const [prefix, upstream] of Object.entries(routes)) {
    if (path === prefix || path.startsWith(`${prefix}/`)) return { prefix, upstream };
  }
  return undefined;
}

export function startGateway(options: GatewayOptions): Promise<GatewayHandle> {
  const keys = new Set(options.apiKeys);
  const host = options.host ?? "127.0.0.1";

  /** The upstream URL for a request, or an error already answered. */
  const resolve = (req: IncomingMessage): { target: URL } | { status: number; message: string } => {
    const url = new URL(req.url ?? "/", "http://gateway");
    const match = route(options.routes, url.pathname);
    if (!match) return { status: 404, message: "no Route matched with those values" };
    if (!OPEN_PATHS.includes(url.pathname)) {
      const key = apiKeyOf(req, url);
      if (!key) return { status: 401, message: "No API key found in request" };
      if (!keys.has(key)) return { status: 401, message: "Invalid API key" };
      // as on Supabase, the apikey stands in for a missing Authorization header
      req.headers.authorization ??= `Bearer ${key}`;
    }
    const path = match.upstream.stripPrefix ? url.pathname.slice(match.prefix.length) || "/" : url.pathname;
    return { target: new URL(`${path}${url.search}`, match.upstream.url) };
  };

  const server = createServer((req, res) => {
    if (req.method === "OPTIONS" && req.headers["access-control-request-method"]) {
      res.writeHead(204, {
        ...corsHeaders(req),
        "access-control-allow-methods": "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
        "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*",
        "access-control-max-age": "3600",
      });
      res.end();
      return;
    }
    const resolved = resolve(req);
    if ("status" in resolved) {
      sendJson(req, res, resolved.status, { message: resolved.message });
      return;
    }
    const upstreamReq = request(resolved.target, { method: req.method, headers: upstreamHeaders(req, resolved.target) }, (upstreamRes) => {
      const headers = { ...upstreamRes.headers, ...corsHeaders(req) };
      res.writeHead(upstreamRes.statusCode ?? 502, headers);
      upstreamRes.pipe(res);
    });
    upstreamReq.on("error", () => {
      if (!res.headersSent) sendJson(req, res, 502, { message: "An invalid response was received from the upstream server" });
      else res.destroy();
    });
    req.pipe(upstreamReq);
  });

  // websocket upgrades (realtime) pass through the same routing and key check; upgraded sockets
  // are no longer the HTTP server's to close, so they are tracked here
  const upgraded = new Set<Socket>();
  server.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    upgraded.add(socket);
    socket.once("close", () => upgraded.delete(socket));
    socket.on("error", () => socket.destroy());
    const resolved = resolve(req);
    if ("status" in resolved) {
      socket.end(
        `HTTP/1.1 ${resolved.status} ${resolved.status === 404 ? "Not Found" : "Unauthorized"}\r\ncontent-type: application/json\r\n\r\n${JSON.stringify({ message: resolved.message })}`,
      );
      return;
    }
    // a websocket arriving while its upstream is down (realtime being relaunched) waits for it,
    // as Kong retries refused upstream connections, instead of failing the client's reconnect
    const deadline = Date.now() + UPGRADE_RETRY_MS;
    const connect = (target: URL) => {
      const upstreamReq = request(target, { method: req.method, headers: upstreamHeaders(req, target) });
      upstreamReq.on("upgrade", (upstreamRes, upstreamSocket, upstreamHead) => {
        const lines = [`HTTP/1.1 101 Switching Protocols`];
        for (let i = 0; i < upstreamRes.rawHeaders.length; i += 2)
          lines.push(`${upstreamRes.rawHeaders[i]}: ${upstreamRes.rawHeaders[i + 1]}`);
        socket.write(`${lines.join("\r\n")}\r\n\r\n`);
        if (upstreamHead.length > 0) socket.write(upstreamHead);
        if (head.length > 0) upstreamSocket.write(head);
        upstreamSocket.pipe(socket).pipe(upstreamSocket);
        const close = () => {
          socket.destroy();
          upstreamSocket.destroy();
        };
        socket.on("error", close);
        upstreamSocket.on("error", close);
        socket.on("close", close);
        upstreamSocket.on("close", close);
      });
      upstreamReq.on("response", (upstreamRes) => {
        socket.end(`HTTP/1.1 ${upstreamRes.statusCode} Upgrade Refused\r\n\r\n`);
      });
      upstreamReq.on("error", (error: NodeJS.ErrnoException) => {
        const retry = error.code === "ECONNREFUSED" && !socket.destroyed && Date.now() < deadline;
        if (!retry) {
          socket.destroy();
          return;
        }
        setTimeout(() => {
          const again = resolve(req);
          if (socket.destroyed || "status" in again) socket.destroy();
          else connect(again.target);
        }, 100);
      });
      upstreamReq.end();
    };
    connect(resolved.target);
  });

  return new Promise((resolvePromise, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(
              `port ${options.port} on ${host} is already taken by another process (\`supabase start\`?): stop it, or choose another port`,
            )
          : error,
      );
    });
    server.listen(options.port, host, () => {
      resolvePromise({
        url: `http://${host}:${options.port}`,
        stop: () =>
          new Promise((r) => {
            server.close(() => r());
            server.closeAllConnections();
            for (const socket of upgraded) socket.destroy();
          }),
      });
    });
  });
}
