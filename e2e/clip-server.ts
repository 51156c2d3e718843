// The e2e suite's media host: a tiny HTTP server on its own port (so another origin than the app)
// serving the shipped test clip with range requests, as a CDN serves video files. The clip,
// e2e/fixtures/sync-clip.webm (60 s, 320×180, 10 fps, VP8, no audio, a running timecode), was made with
//   ffmpeg -f lavfi -i testsrc2=size=320x180:rate=10:duration=60 -c:v libvpx -b:v 48k -crf 40 -g 10 -an sync-clip.webm
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { PROJECT_ROOT } from "./stack";

export const CLIP_FILE = join(PROJECT_ROOT, "e2e", "fixtures", "sync-clip.webm");
/** The clip's length in seconds. */
export const CLIP_SECONDS = 60;

export interface ClipServer {
  /** the clip's URL, e.g. http://127.0.0.1:41234/sync-clip.webm */
  url: string;
  /** how many range requests it answered (a video element seeks with them) */
  rangeRequests(): number;
  stop(): Promise<void>;
}

/** `bytes=start-end` (either may be missing) within a file of `size` bytes, or null when unsatisfiable. */
export function parseRange(header: string, size: number): { start: number; end: number } | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return null;
  let start: number;
  let end: number;
  if (match[1] === "") {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? size - 1 : Math.min(size - 1, Number(match[2]));
  }
  return start <= end && start < size ? { start, end } : null;
}

export async function startClipServer(): Promise<ClipServer> {
  const clip = readFileSync(CLIP_FILE);
  let ranges = 0;
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const headers = {
      "Content-Type": "video/webm",
      "Accept-Ranges": "bytes",
      "Access-Control-Allow-Origin": "*",
      "Cache-Control": "no-store",
    };
    if (!request.url?.startsWith("/sync-clip.webm")) {
      response.writeHead(404).end();
      return;
    }
    const rangeHeader = request.headers.range;
    if (!rangeHeader) {
      response.writeHead(200, { ...headers, "Content-Length": clip.length });
      response.end(request.method === "HEAD" ? undefined : clip);
      return;
    }
    ranges++;
    const range = parseRange(rangeHeader, clip.length);
    if (!range) {
      response.writeHead(416, { ...headers, "Content-Range": `bytes */${clip.length}` }).end();
      return;
    }
    response.writeHead(206, {
      ...headers,
      "Content-Length": range.end - range.start + 1,
      "Content-Range": `bytes ${range.start}-${range.end}/${clip.length}`,
    });
    response.end(request.method === "HEAD" ? undefined : clip.subarray(range.start, range.end + 1));
  };
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sync-clip.webm`,
    rangeRequests: () => ranges,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
