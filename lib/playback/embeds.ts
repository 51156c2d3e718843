// The embed URLs the synced players need: YouTube's player speaks its postMessage API only when
// loaded with enablejsapi=1 and the embedding page's origin; Vimeo's and Twitch's always do.
import type { MediaEmbed } from "@/lib/streaming/media";

export type FrameEmbed = Extract<MediaEmbed, { kind: "iframe" }>;

/** The widget id the page uses for YouTube's protocol (one player per page). */
export const YOUTUBE_WIDGET_ID = 1;

/** The player URL to load for `embed` on a page of `pageOrigin`. */
export function syncedEmbedSrc(embed: FrameEmbed, pageOrigin: string): string {
  if (embed.provider !== "youtube") return embed.src;
  const url = new URL(embed.src);
  url.searchParams.set("enablejsapi", "1");
  url.searchParams.set("origin", pageOrigin);
  url.searchParams.set("widgetid", String(YOUTUBE_WIDGET_ID));
  return url.toString();
}

/** A Twitch channel (not a recorded video) is live. */
export function isLiveEmbed(embed: FrameEmbed): boolean {
  return embed.provider === "twitch" && new URL(embed.src).searchParams.has("channel");
}
