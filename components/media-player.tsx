"use client";

// The party's media: a <video> for a video file on any http(s) host, an embedded YouTube, Vimeo
// or Twitch player, or a placeholder that says why there is none. It hands the page a player
// adapter (lib/playback/players) for the element it rendered, so the room can sync it.
import { useCallback, useSyncExternalStore } from "react";
import { YOUTUBE_WIDGET_ID, isLiveEmbed, syncedEmbedSrc, type FrameEmbed } from "@/lib/playback/embeds";
import { iframePort } from "@/lib/playback/players/frame-port";
import { createTwitchAdapter } from "@/lib/playback/players/twitch";
import { createVideoAdapter } from "@/lib/playback/players/video-element";
import { createVimeoAdapter } from "@/lib/playback/players/vimeo";
import { createYouTubeAdapter } from "@/lib/playback/players/youtube";
import type { PlayerAdapter } from "@/lib/playback/types";
import { resolveMediaEmbed } from "@/lib/streaming/media";
import { Badge } from "./ui/badge";

export interface MediaPlayerProps {
  title: string;
  mediaUrl: string | null;
  /** The host this page is served from (Twitch's player requires it). */
  parentHost: string;
  /** the adapter for the rendered player, and null when it goes */
  onPlayer?: (player: PlayerAdapter | null) => void;
  /** the browser refused to start playback with sound: it plays muted until `unmute` runs */
  onAutoplayMuted?: (unmute: () => void) => void;
}

const PROVIDER_NAMES = { youtube: "YouTube", vimeo: "Vimeo", twitch: "Twitch" } as const;

const noSubscription = () => () => undefined;
/** This page's origin, in the browser only (the server renders no embed that needs it). */
const usePageOrigin = () =>
  useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => null,
  );

function frameAdapter(frame: HTMLIFrameElement, embed: FrameEmbed): PlayerAdapter {
  const origin = new URL(frame.src).origin;
  if (embed.provider === "youtube")
    return createYouTubeAdapter(iframePort(frame, origin, { asJson: true }), { widgetId: YOUTUBE_WIDGET_ID });
  if (embed.provider === "vimeo") return createVimeoAdapter(iframePort(frame, origin));
  return createTwitchAdapter(iframePort(frame, origin));
}

export function MediaPlayer({ title, mediaUrl, parentHost, onPlayer, onAutoplayMuted }: MediaPlayerProps) {
  const embed = resolveMediaEmbed(mediaUrl, parentHost);
  const origin = usePageOrigin();
  const embedKey = embed.kind === "none" ? null : embed.src;

  // React 19 ref callbacks clean up after themselves: the adapter lives as long as its element
  const videoRef = useCallback(
    (video: HTMLVideoElement | null) => {
      if (!video) return;
      const adapter = createVideoAdapter(video, { onAutoplayMuted });
      onPlayer?.(adapter);
      return () => {
        onPlayer?.(null);
        adapter.destroy();
      };
    },
    // a new adapter for new media only
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [embedKey],
  );
  const frameRef = useCallback(
    (frame: HTMLIFrameElement | null) => {
      if (!frame || embed.kind !== "iframe") return;
      const adapter = frameAdapter(frame, embed);
      onPlayer?.(adapter);
      return () => {
        onPlayer?.(null);
        adapter.destroy();
      };
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [embedKey],
  );

  return (
    <div className="relative aspect-video w-full overflow-hidden rounded-lg border border-border bg-black">
      {embed.kind === "iframe" ? (
        origin ? (
          <iframe
            ref={frameRef}
            src={syncedEmbedSrc(embed, origin)}
            title={`${PROVIDER_NAMES[embed.provider]} player: ${title}`}
            className="size-full"
            allow="autoplay; encrypted-media; picture-in-picture; fullscreen"
            referrerPolicy="strict-origin-when-cross-origin"
          />
        ) : null
      ) : embed.kind === "video" ? (
        <video ref={videoRef} src={embed.src} controls preload="auto" playsInline className="size-full" aria-label={`Video: ${title}`} />
      ) : (
        <div className="flex size-full flex-col items-center justify-center gap-2 bg-surface-raised p-6 text-center">
          <p className="font-medium">{embed.url ? "This media cannot be played here" : "No media for this party yet"}</p>
          {embed.url ? (
            <a href={embed.url} target="_blank" rel="noopener noreferrer" className="text-accent underline underline-offset-4">
              Open the media in a new tab
            </a>
          ) : (
            <p className="text-sm text-muted">The host can share a link when the party starts.</p>
          )}
        </div>
      )}
      {embed.kind === "iframe" && isLiveEmbed(embed) ? (
        <span className="absolute top-2 left-2">
          <Badge tone="host">Live</Badge>
        </span>
      ) : null}
    </div>
  );
}
