import { resolveMediaEmbed } from "@/lib/streaming/media";

export interface MediaPlayerProps {
  title: string;
  mediaUrl: string | null;
  /** The host this page is served from (Twitch's player requires it). */
  parentHost: string;
}

const PROVIDER_NAMES = { youtube: "YouTube", vimeo: "Vimeo", twitch: "Twitch" } as const;

/** The party's media: an embedded player, a <video>, or a placeholder that says why. */
export function MediaPlayer({ title, mediaUrl, parentHost }: MediaPlayerProps) {
  const embed = resolveMediaEmbed(mediaUrl, parentHost);
  return (
    <div className="aspect-video w-full overflow-hidden rounded-lg border border-border bg-black">
      {embed.kind === "iframe" ? (
        <iframe
          src={embed.src}
          title={`${PROVIDER_NAMES[embed.provider]} player: ${title}`}
          className="size-full"
          loading="lazy"
          allow="autoplay; encrypted-media; picture-in-picture; fullscreen"
          referrerPolicy="strict-origin-when-cross-origin"
        />
      ) : embed.kind === "video" ? (
        <video src={embed.src} controls preload="metadata" className="size-full" aria-label={`Video: ${title}`} />
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
    </div>
  );
}
