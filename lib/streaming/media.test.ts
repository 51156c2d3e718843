import { describe, expect, it } from "vitest";
import { detectMediaProvider, resolveMediaEmbed } from "./media";

const embed = (url: string | null) => resolveMediaEmbed(url, "watch.example");

describe("media embeds", () => {
  it.each([
    "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
    "https://youtube.com/watch?v=aqz-KE-bpKQ&t=10",
    "https://m.youtube.com/watch?v=aqz-KE-bpKQ",
    "https://youtu.be/aqz-KE-bpKQ",
    "https://www.youtube.com/embed/aqz-KE-bpKQ",
    "https://www.youtube.com/shorts/aqz-KE-bpKQ",
    "https://www.youtube.com/live/aqz-KE-bpKQ",
  ])("YouTube %s → the youtube-nocookie player", (url) => {
    expect(embed(url)).toEqual({ kind: "iframe", provider: "youtube", src: "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?rel=0" });
    expect(detectMediaProvider(url)).toBe("youtube");
  });

  it("Vimeo → the player with do-not-track", () => {
    expect(embed("https://vimeo.com/1084537")).toEqual({
      kind: "iframe",
      provider: "vimeo",
      src: "https://player.vimeo.com/video/1084537?dnt=1",
    });
    expect(embed("https://player.vimeo.com/video/1084537")).toMatchObject({ provider: "vimeo" });
  });

  it("Twitch channels and videos → the player, naming this site as parent", () => {
    expect(embed("https://www.twitch.tv/somechannel")).toEqual({
      kind: "iframe",
      provider: "twitch",
      src: "https://player.twitch.tv/?channel=somechannel&parent=watch.example&autoplay=false",
    });
    expect(embed("https://twitch.tv/videos/123456")).toMatchObject({
      src: "https://player.twitch.tv/?video=v123456&parent=watch.example&autoplay=false",
    });
  });

  it("a video file → <video>", () => {
    expect(embed("https://cdn.example.com/films/bunny.MP4?sig=1")).toEqual({
      kind: "video",
      src: "https://cdn.example.com/films/bunny.MP4?sig=1",
    });
    expect(detectMediaProvider("https://cdn.example.com/a.webm")).toBe("direct");
  });

  it("anything else → a placeholder that keeps the link", () => {
    expect(embed("https://example.com/page")).toEqual({ kind: "none", url: "https://example.com/page" });
    expect(embed("https://www.youtube.com/watch?v=short")).toEqual({ kind: "none", url: "https://www.youtube.com/watch?v=short" });
    expect(detectMediaProvider("https://example.com/page")).toBe("other");
  });

  it("no URL, or one that is not http(s) → the empty placeholder, never a javascript: link", () => {
    expect(embed(null)).toEqual({ kind: "none", url: null });
    expect(embed("javascript:alert(1)")).toEqual({ kind: "none", url: null });
    expect(embed("not a url")).toEqual({ kind: "none", url: null });
  });
});
