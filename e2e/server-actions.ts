// Calls a Next.js server action over HTTP the way the browser's router does: the action id from
// the build's server-reference manifest, a POST to the page with the `Next-Action` header, the
// arguments encoded by React's own `encodeReply` (text for plain values, multipart when a FormData
// is among them), and the React Flight answer decoded by React's own client to get the return
// value. Use it with a Playwright request context that shares the signed-in browser's cookies
// (`page.request` or `context.request`).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { PROJECT_ROOT } from "./stack";

/** The part of React's Flight client (react-server-dom-webpack, as Next vendors it) used here. */
interface FlightClient {
  encodeReply(value: unknown[]): Promise<string | FormData>;
  createFromReadableStream(
    stream: ReadableStream<Uint8Array>,
    options: { serverConsumerManifest: { moduleMap: object; serverModuleMap: null; moduleLoading: null } },
  ): PromiseLike<unknown>;
}

interface ServerReferenceInfo {
  usedArgs: boolean[];
  hasRestArgs: boolean;
}

interface ReferenceInfoModule {
  extractInfoFromServerReferenceId(id: string): ServerReferenceInfo;
  omitUnusedArgs(args: unknown[], info: ServerReferenceInfo): unknown[];
}

const require = createRequire(import.meta.url);
// the production build of the client, as the app's browser bundle uses (it decodes errors without dev stacks)
const flight =
  require("next/dist/compiled/react-server-dom-webpack/cjs/react-server-dom-webpack-client.edge.production.js") as FlightClient;
const referenceInfo = require("next/dist/shared/lib/server-reference-info") as ReferenceInfoModule;

interface ManifestEntry {
  filename?: string;
  exportedName?: string;
}

interface ServerReferenceManifest {
  node?: Record<string, ManifestEntry>;
  edge?: Record<string, ManifestEntry>;
}

/** The id Next gave `exportedName` of `filename` (e.g. "app/parties/[partyId]/actions.ts") in the last build. */
export function findActionId(filename: string, exportedName: string, distDir = join(PROJECT_ROOT, ".next")): string {
  const manifest = JSON.parse(readFileSync(join(distDir, "server", "server-reference-manifest.json"), "utf8")) as ServerReferenceManifest;
  const entries = { ...manifest.edge, ...manifest.node };
  const found = Object.entries(entries).find(([, entry]) => entry.filename === filename && entry.exportedName === exportedName);
  if (!found) throw new Error(`no server action ${exportedName} in ${filename} in the build's manifest`);
  return found[0];
}

export interface ActionResponse {
  /** The HTTP status of the action request. */
  status: number;
  /** What the action returned (undefined when it redirected or the answer was not React Flight). */
  result: unknown;
  /** Where the action redirected to (`x-action-redirect`), if it did. */
  redirect: string | null;
  /** The body as text when it was not a React Flight payload (an error page, a plain message). */
  text: string | null;
}

/**
 * Client-component rows (`<id>:I[...]`): present when the action refreshed the page (it set a
 * cookie, revalidated, redirected). They point at browser chunks a Node process cannot load, and
 * the return value never needs them, so they are left out before decoding.
 */
const CLIENT_MODULE_ROW = /^[0-9a-f]+:I\[.*$\n?/gm;

/** Decodes a React Flight action answer (`{ a: result, b: buildId, ... }`) to the action's return value. */
async function decodeActionResult(raw: Buffer): Promise<unknown> {
  const body = Buffer.from(raw.toString("utf8").replace(CLIENT_MODULE_ROW, ""), "utf8");
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new Uint8Array(body));
      controller.close();
    },
  });
  const root = await flight.createFromReadableStream(stream, {
    serverConsumerManifest: { moduleMap: {}, serverModuleMap: null, moduleLoading: null },
  });
  if (typeof root !== "object" || root === null || !("a" in root)) return undefined;
  return await (root as { a: unknown }).a;
}

async function readActionResponse(response: APIResponse): Promise<ActionResponse> {
  const headers = response.headers();
  const redirect = headers["x-action-redirect"]?.split(";")[0] ?? null;
  const body = await response.body();
  const isFlight = (headers["content-type"] ?? "").startsWith("text/x-component");
  if (!isFlight) return { status: response.status(), result: undefined, redirect, text: body.toString("utf8") };
  const result = redirect ? undefined : await decodeActionResult(body);
  return { status: response.status(), result, redirect, text: null };
}

function actionHeaders(actionId: string, origin: string, contentType?: string): Record<string, string> {
  return {
    Accept: "text/x-component",
    "Next-Action": actionId,
    // a browser always sends its origin with a POST; Next refuses actions from another origin
    Origin: origin,
    ...(contentType ? { "Content-Type": contentType } : {}),
  };
}

/** The app's origin: `baseURL`, or the e2e server's default address. */
function originOf(baseURL?: string): string {
  return new URL(baseURL ?? `http://127.0.0.1:${process.env.E2E_APP_PORT ?? 3100}`).origin;
}

export interface CallOptions {
  /** The app's base URL, when the request context has none (it is used for the Origin header). */
  baseURL?: string;
  /** The build's folder, when not `.next` (Next's `distDir`). */
  distDir?: string;
  /** The Origin header, when not the app's own (a post from another site). */
  origin?: string;
}

/**
 * Calls server action `exportedName` of `filename` as the browser would from page `pagePath`,
 * with `args` as the action's arguments, and returns the HTTP status and what the action returned.
 */
export async function callServerAction(
  request: APIRequestContext,
  filename: string,
  exportedName: string,
  pagePath: string,
  args: unknown[],
  options: CallOptions = {},
): Promise<ActionResponse> {
  const actionId = findActionId(filename, exportedName, options.distDir);
  const used = referenceInfo.omitUnusedArgs(args, referenceInfo.extractInfoFromServerReferenceId(actionId));
  const body = await flight.encodeReply(used);
  const url = options.baseURL ? new URL(pagePath, options.baseURL).href : pagePath;
  const origin = options.origin ?? originOf(options.baseURL);
  const response =
    typeof body === "string"
      ? await request.post(url, { headers: actionHeaders(actionId, origin, "text/plain;charset=UTF-8"), data: body, maxRedirects: 0 })
      : await request.post(url, { headers: actionHeaders(actionId, origin), multipart: body, maxRedirects: 0 });
  return readActionResponse(response);
}

/** Posts a hand-made body to an action (for bodies React would never encode). */
export async function postRawAction(
  request: APIRequestContext,
  actionId: string,
  pagePath: string,
  body: string | Buffer,
  contentType: string,
  options: CallOptions = {},
): Promise<ActionResponse> {
  const url = options.baseURL ? new URL(pagePath, options.baseURL).href : pagePath;
  const response = await request.post(url, {
    headers: actionHeaders(actionId, options.origin ?? originOf(options.baseURL), contentType),
    data: body,
    maxRedirects: 0,
  });
  return readActionResponse(response);
}
