import type { MediaProvider } from "./types";

/** How the party room shows a media URL. */
export type MediaEmbed =
  | { kind: "iframe"; provider: "youtube" | "vimeo" | "twitch"; src: string }
  | { kind: "video"; src: string }
  | { kind: "none"; url: string | null };

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const VIDEO_FILE = /\.(mp4|webm|ogg|ogv|m4v|mov)$/i;
const TWITCH_NAME = /^[A-Za-z0-9_]{3,25}$/;

function parseHttpUrl(value: string | null | undefined): URL | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url : null;
  } catch {
    return null;
  }
}

function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/^(www\.|m\.)/, "");
}

function youtubeId(url: URL): string | null {
  const host = hostOf(url);
  let id: string | null | undefined = null;
  if (host === "youtu.be") {
    id = url.pathname.split("/")[1];
  } else if (host === "youtube.com" || host === "youtube-nocookie.com" || host === "music.youtube.com") {
    const [, first, second] = url.pathname.split("/");
    if (first === "watch") id = url.searchParams.get("v");
    else if (first === "embed" || first === "shorts" || first === "live" || first === "v") id = second;
  }
  return id && YOUTUBE_ID.test(id) ? id : null;
}

function vimeoId(url: URL): string | null {
  const host = hostOf(url);
  if (host !== "vimeo.com" && host !== "player.vimeo.com") return null;
  const match = /^\/(?:video\/)?(\d+)(?:\/|$)/.exec(url.pathname);
  return match?.[1] ?? null;
}

type TwitchTarget = { channel: string } | { video: string };

function twitchTarget(url: URL): TwitchTarget | null {
  const host = hostOf(url);
  if (host !== "twitch.tv") return null;
  const [, first, second] = url.pathname.split("/");
  if (first === "videos" && second && /^\d+$/.test(second)) return { video: second };
  if (first && TWITCH_NAME.test(first)) return { channel: first };
  return null;
}

/** Which provider a media URL belongs to (stored in habitat_watch_parties.media_provider). */
export function detectMediaProvider(value: string): MediaProvider {
  const url = parseHttpUrl(value);
  if (!url) return "other";
  if (youtubeId(url)) return "youtube";
  if (vimeoId(url)) return "vimeo";
  if (twitchTarget(url)) return "twitch";
  if (VIDEO_FILE.test(url.pathname)) return "direct";
  return "other";
}

/**
 * The embed for a media URL: privacy-friendly player URLs for YouTube (youtube-nocookie), Vimeo
 * (dnt) and Twitch (which requires the embedding page's host as `parent`), a <video> for a video
 * file, and nothing for anything else (the room shows a link instead).
 */
export function resolveMediaEmbed(value: string | null, parentHost: string): MediaEmbed {
  const url = parseHttpUrl(value);
  if (!url) return { kind: "none", url: null };
  const yt = youtubeId(url);
  if (yt) return { kind: "iframe", provider: "youtube", src: `https://www.youtube-nocookie.com/embed/${yt}?rel=0` };
  const vimeo = vimeoId(url);
  if (vimeo) return { kind: "iframe", provider: "vimeo", src: `https://player.vimeo.com/video/${vimeo}?dnt=1` };
  const twitch = twitchTarget(url);
  if (twitch) {
    const params = new URLSearchParams("video" in twitch ? { video: `v${twitch.video}` } : { channel: twitch.channel });
    params.set("parent", parentHost);
    params.set("autoplay", "false");
    return { kind: "iframe", provider: "twitch", src: `https://player.twitch.tv/?${params.toString()}` };
  }
  if (VIDEO_FILE.test(url.pathname)) return { kind: "video", src: url.toString() };
  return { kind: "none", url: url.toString() };
}
