// Bodies React's decodeReply can read, judged on what the app's own encoder (React's encodeReply,
// as Next.js vendors it for the browser) writes, and on what it never writes.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { isDecodableReply, type EncodedReply } from "./encoded-reply";

interface FlightClient {
  encodeReply(value: unknown[]): Promise<string | FormData>;
}
const flight = createRequire(import.meta.url)(
  "next/dist/compiled/react-server-dom-webpack/cjs/react-server-dom-webpack-client.edge.production.js",
) as FlightClient;

function formWith(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
}

const text = (root: string): EncodedReply => ({ root, multipart: false, part: () => null });

const multipart = (parts: Record<string, string>): EncodedReply => ({
  root: parts["0"] ?? "",
  multipart: true,
  part: (name) => parts[name] ?? null,
});

/** What the browser sends for `args`. */
async function encoded(args: unknown[]): Promise<EncodedReply> {
  const body = await flight.encodeReply(args);
  if (typeof body === "string") return text(body);
  return multipart(Object.fromEntries([...body.entries()].flatMap(([name, value]) => (typeof value === "string" ? [[name, value]] : []))));
}

describe("action arguments React can decode", () => {
  it.each([
    ["a uuid", ["3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b"]],
    ["an object", [{ partyId: "x", enabled: true }]],
    ["strings that start with $", ["$Q0", "$$", "$K1"]],
    ["undefined, NaN, infinities, -0", [undefined, Number.NaN, Infinity, -Infinity, -0]],
    ["a date and a bigint", [new Date(0), 123456789012345678901234567890n]],
    ["a Map", [new Map([["id", "x"]])]],
    ["a Set", [new Set(["x"])]],
    ["a Map holding a Set", [{ a: new Map([["k", new Set([1])]]) }]],
    ["a form's state and its FormData", [{ error: null, email: "" }, formWith({ email: "alice@example.com", password: "$Q0" })]],
    ["nothing", []],
  ])("%s, as encodeReply writes it, passes", async (_label, args) => {
    expect(isDecodableReply(await encoded(args))).toBe(true);
  });

  it.each([
    ["not JSON", text("not json")],
    ["an object instead of a list", text('{"a":1}')],
    ["empty", text("")],
    ["a Map in a text body, which has no parts", text('["$Q1"]')],
    ["a FormData in a text body", text('["$K1"]')],
    ["a promise", text('[{"a":"$@0"}]')],
    ["a server reference", text('["$h0"]')],
    ["a chunk", multipart({ "0": '["$1"]', "1": "[]" })],
    ["a Map whose part is missing", multipart({ "0": '["$Q1"]' })],
    ["a Map of the arguments themselves", multipart({ "0": '["$Q0"]' })],
    ["a Map whose part refers back to itself", multipart({ "0": '["$Q1"]', "1": '[["k","$Q1"]]' })],
    ["a Map whose part is not JSON", multipart({ "0": '["$Q1"]', "1": "nope" })],
    ["a Map whose entries are not pairs", multipart({ "0": '["$Q1"]', "1": "[1,2]" })],
    ["a Set whose part is not a list", multipart({ "0": '["$W1"]', "1": '{"a":1}' })],
    ["a Blob", multipart({ "0": '["$B1"]' })],
    ["a bigint of 301 digits", text(`["$n${"9".repeat(301)}"]`)],
  ])("%s is refused", (_label, reply) => {
    expect(isDecodableReply(reply)).toBe(false);
  });
});
