// The HTTP side: the websocket endpoint (/realtime/v1/websocket, also Realtime's own
// /socket/websocket) with Realtime's connect checks (the apikey must be a valid JWT of the
// project, a known serializer version), and the REST broadcast endpoints. Paths are accepted with
// and without the /realtime/v1 prefix, so the service works behind the gateway and on its own.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { BodyTooLargeError, readBody } from "../../http-body";
import { policyHeaders } from "../authorization/policies";
import { WEBSOCKET_MAX_FRAME_BYTES } from "../limits/limits";
import { tokenErrorTexts } from "../protocol/messages";
import { parseVsn } from "../protocol/serializer";
import type { ChannelServices } from "./channel/channel";
import { restBroadcast, restBroadcastSingle, type RestReply } from "./rest-broadcast";
import { RealtimeSocket } from "./socket";

const PREFIX = "/realtime/v1";
const SOCKET_PATHS = new Set([`${PREFIX}/websocket`, "/socket/websocket"]);
/** Plug.Parsers' default length: larger bodies are refused before any payload size check */
const MAX_BODY_BYTES = 8_000_000;

const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST, OPTIONS",
  "access-control-allow-headers": "authorization, apikey, content-type, x-client-info",
};

export interface HttpServer {
  server: Server;
  /** Closes every websocket and stops accepting connections. */
  close(): Promise<void>;
}

function rejectUpgrade(socket: Duplex, status: number, statusText: string, body: unknown): void {
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
  );
}

function stripPrefix(path: string): string {
  return path.startsWith(`${PREFIX}/`) ? path.slice(PREFIX.length) : path;
}

function respond(res: ServerResponse, reply: RestReply): void {
  const body = reply.body === undefined ? "" : JSON.stringify(reply.body);
  res.writeHead(reply.status, { ...CORS_HEADERS, ...reply.headers, ...(body ? { "content-type": "application/json" } : {}) });
  res.end(body);
}

async function handleHttp(services: ChannelServices, req: IncomingMessage): Promise<RestReply> {
  const url = new URL(req.url ?? "/", "http://realtime");
  const path = stripPrefix(url.pathname);
  if (req.method === "GET" && (path === "/healthcheck" || path === "/api/ping")) return { status: 200, body: { message: "Success" } };
  if (req.method !== "POST") return { status: 404, body: { message: "Not Found" } };
  const single = /^\/api\/broadcast\/([^/]+)\/events\/([^/]+)$/.exec(path);
  if (path !== "/api/broadcast" && !single) return { status: 404, body: { message: "Not Found" } };
  let raw: Buffer;
  try {
    raw = await readBody(req, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return { status: 413, body: { message: "Payload Too Large" } };
    throw error;
  }
  const contentType = String(req.headers["content-type"] ?? "");
  if (single && contentType.startsWith("application/octet-stream")) {
    return services.limits.throttleRequest(() =>
      restBroadcastSingle(
        services,
        req.headers,
        decodeURIComponent(single[1]!),
        decodeURIComponent(single[2]!),
        url.searchParams.get("private") === "true",
        { bytes: raw },
      ),
    );
  }
  let json: unknown;
  try {
    json = raw.length === 0 ? {} : JSON.parse(raw.toString("utf8"));
  } catch {
    return { status: 400, body: { message: "Bad Request" } };
  }
  if (single) {
    return services.limits.throttleRequest(() =>
      restBroadcastSingle(
        services,
        req.headers,
        decodeURIComponent(single[1]!),
        decodeURIComponent(single[2]!),
        url.searchParams.get("private") === "true",
        { json },
      ),
    );
  }
  return services.limits.throttleRequest(() => restBroadcast(services, req.headers, json));
}

export function createHttpServer(services: ChannelServices): HttpServer {
  const sockets = new Set<RealtimeSocket>();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: WEBSOCKET_MAX_FRAME_BYTES });

  const server = createServer((req, res) => {
    if (req.method === "OPTIONS") {
      res.writeHead(204, CORS_HEADERS);
      res.end();
      return;
    }
    handleHttp(services, req).then(
      (reply) => respond(res, reply),
      (error: unknown) => {
        services.log(`HTTP ${req.method} ${req.url} failed: ${String(error)}`);
        respond(res, { status: 500, body: { message: "Internal Server Error" } });
      },
    );
  });

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    const url = new URL(req.url ?? "/", "http://realtime");
    if (!SOCKET_PATHS.has(url.pathname.replace(/\/+$/, ""))) return rejectUpgrade(socket, 404, "Not Found", { message: "Not Found" });
    const vsn = parseVsn(url.searchParams.get("vsn"));
    if (!vsn)
      return rejectUpgrade(socket, 400, "Bad Request", {
        error: `The client's requested transport version "${url.searchParams.get("vsn")}" does not match server's version requirements`,
      });
    const header = req.headers["x-api-key"];
    const apiKey = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get("apikey");
    if (!apiKey) return rejectUpgrade(socket, 401, "Unauthorized", { error: "API key is missing" });
    void services.verifyToken(apiKey).then((verified) => {
      if (!verified.ok) return rejectUpgrade(socket, 401, "Unauthorized", { error: tokenErrorTexts(verified.error).connect });
      // the tenant's users and joins (TenantRateLimiters.check_tenant), answered after the connect backoff
      const refusal = services.limits.connectRefusal();
      if (refusal)
        return void services.limits.connectBackoff().then(() => rejectUpgrade(socket, 429, "Too Many Requests", { error: refusal }));
      wss.handleUpgrade(req, socket, head, (ws) => {
        const realtimeSocket = new RealtimeSocket(ws, services, vsn, apiKey, policyHeaders(req.headers, "x-"));
        sockets.add(realtimeSocket);
        services.limits.socketOpened(realtimeSocket, () => ws.close(1000));
        ws.on("close", () => {
          sockets.delete(realtimeSocket);
          services.limits.socketClosed(realtimeSocket);
        });
      });
    });
  });

  return {
    server,
    close: async () => {
      for (const socket of sockets) socket.terminate();
      sockets.clear();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
