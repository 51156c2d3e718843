// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { iframePort } from "./frame-port";

afterEach(() => {
  document.body.innerHTML = "";
});

function frame() {
  const iframe = document.createElement("iframe");
  document.body.append(iframe);
  return iframe;
}

describe("the postMessage channel to an embedded player", () => {
  it("hears only its own frame, from the player's origin; parses JSON text", () => {
    const iframe = frame();
    const other = frame();
    const port = iframePort(iframe, "https://player.example");
    const heard = vi.fn();
    port.onMessage(heard);
    const send = (data: unknown, source: Window | null, origin: string) =>
      window.dispatchEvent(new MessageEvent("message", { data, source, origin }));
    send('{"event":"onReady"}', iframe.contentWindow, "https://player.example");
    send({ event: "ready" }, iframe.contentWindow, "https://player.example");
    send({ event: "forged" }, other.contentWindow, "https://player.example");
    send({ event: "forged" }, iframe.contentWindow, "https://evil.example");
    send("not json", iframe.contentWindow, "https://player.example");
    expect(heard.mock.calls.map(([data]) => data)).toEqual([{ event: "onReady" }, { event: "ready" }]);
    port.close();
    send({ event: "late" }, iframe.contentWindow, "https://player.example");
    expect(heard).toHaveBeenCalledTimes(2);
  });

  it("posts to the player's origin only, as JSON text when asked", () => {
    const iframe = frame();
    const post = vi.spyOn(iframe.contentWindow!, "postMessage").mockImplementation(() => undefined);
    iframePort(iframe, "https://www.youtube-nocookie.com", { asJson: true }).post({ event: "listening" });
    iframePort(iframe, "https://player.vimeo.com").post({ method: "ping" });
    expect(post.mock.calls).toEqual([
      ['{"event":"listening"}', "https://www.youtube-nocookie.com"],
      [{ method: "ping" }, "https://player.vimeo.com"],
    ]);
  });

  it("a reload of the frame is reported (the player must be greeted again)", () => {
    const iframe = frame();
    const loaded = vi.fn();
    iframePort(iframe, "https://player.example").onLoad(loaded);
    iframe.dispatchEvent(new Event("load"));
    expect(loaded).toHaveBeenCalledTimes(1);
  });
});
