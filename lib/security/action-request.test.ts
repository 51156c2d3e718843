import { describe, expect, it } from "vitest";
import { comesFromAnotherSite, refuseServerAction } from "./action-request";

const action = (body: string, headers: Record<string, string> = {}) =>
  new Request("http://127.0.0.1:3100/parties/1", {
    method: "POST",
    body,
    headers: {
      host: "127.0.0.1:3100",
      origin: "http://127.0.0.1:3100",
      "next-action": "00ab",
      "content-type": "text/plain;charset=UTF-8",
      ...headers,
    },
  });

function multipart(fields: Record<string, string>): Request {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return new Request("http://127.0.0.1:3100/parties/1", {
    method: "POST",
    body: form,
    headers: { origin: "http://127.0.0.1:3100", host: "127.0.0.1:3100", "next-action": "00ab" },
  });
}

describe("server-action requests refused before Next.js answers them with a 500", () => {
  it("a body React's encodeReply writes for plain arguments passes", async () => {
    for (const body of [
      '["3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b"]',
      '[{"partyId":"x","enabled":true}]',
      '["$$escaped", "$undefined", "$D2030-01-01T00:00:00.000Z", "$n12", "$-0", "$NaN"]',
      "[]",
    ]) {
      expect(await refuseServerAction(action(body)), body).toBeNull();
    }
  });

  it.each([
    ["not JSON", "not json"],
    ["JSON that is not a list of arguments", '{"a":1}'],
    ["a reference to a Map part a text body does not have", '["$Q0"]'],
    ["a reference to a chunk", '["$1"]'],
    ["a promise reference", '[{"a":"$@0"}]'],
    ["a server reference", '[["$h1"]]'],
    ["a FormData reference", '["$K0"]'],
    ["an empty body", ""],
  ])("%s gets a 400 and a sentence", async (_label, body) => {
    expect(await refuseServerAction(action(body))).toEqual({ status: 400, message: "That request could not be read." });
  });

  it("a post from another site gets a 403, whatever its body", async () => {
    expect(await refuseServerAction(action("[]", { origin: "https://evil.example" }))).toEqual({
      status: 403,
      message: "That request came from another site.",
    });
    expect(comesFromAnotherSite(new Headers({ host: "127.0.0.1:3100", origin: "null" }))).toBe(true);
    expect(comesFromAnotherSite(new Headers({ host: "127.0.0.1:3100", origin: "http://127.0.0.1:3101" }))).toBe(true);
    // behind a proxy, Next.js compares with x-forwarded-host, and so does the check
    expect(
      comesFromAnotherSite(new Headers({ host: "internal:3000", "x-forwarded-host": "app.example", origin: "https://app.example" })),
    ).toBe(false);
    // no Origin (not a browser): left to Next.js, which lets it through
    expect(comesFromAnotherSite(new Headers({ host: "127.0.0.1:3100" }))).toBe(false);
  });

  it("a body over 1 MB gets a 413", async () => {
    expect(await refuseServerAction(action("[]", { "content-length": String(1024 * 1024 + 1) }))).toEqual({
      status: 413,
      message: "That request is too large.",
    });
  });

  it("a form's multipart body passes: its arguments in part 0 may refer to the FormData's fields", async () => {
    const form = new FormData();
    form.set("0", '[{"error":null,"email":"","displayName":""},"$K1"]');
    form.set("_1_email", "alice@example.com");
    form.set("_1_password", "$Q0 is just text in a field");
    const request = new Request("http://127.0.0.1:3100/login", {
      method: "POST",
      body: form,
      headers: { origin: "http://127.0.0.1:3100", host: "127.0.0.1:3100", "next-action": "00ab" },
    });
    expect(await refuseServerAction(request)).toBeNull();
  });

  it.each([
    ["not multipart at all", () => action("garbage", { "content-type": "multipart/form-data; boundary=x" })],
    ["no part 0", () => multipart({ "1": "x" })],
    ["part 0 not JSON", () => multipart({ "0": "not json" })],
    ["part 0 refers to a Map", () => multipart({ "0": '["$Q0"]' })],
    ["part 0 refers to a chunk", () => multipart({ "0": '["$1"]', "1": "[]" })],
  ])("a multipart body with %s gets a 400", async (_label, request) => {
    expect(await refuseServerAction(request())).toEqual({ status: 400, message: "That request could not be read." });
  });

  it("requests that are not server actions are left to Next.js", async () => {
    expect(await refuseServerAction(new Request("http://127.0.0.1:3100/", { method: "POST", body: "not json" }))).toBeNull();
  });
});
