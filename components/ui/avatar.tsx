import { initialsOf } from "@/lib/streaming/party-state";

export interface AvatarProps {
  name: string;
  url: string | null;
  size?: number;
}

/** A round picture, or the person's initials. Decorative: the name is always written beside it. */
export function Avatar({ name, url, size = 36 }: AvatarProps) {
  const style = { width: size, height: size };
  if (url) {
    // a plain <img>: avatars come from any host, and the fixed size means no layout shift
    // eslint-disable-next-line @next/next/no-img-element -- next/image would need every avatar host listed
    return <img src={url} alt="" width={size} height={size} style={style} className="shrink-0 rounded-full object-cover" />;
  }
  return (
    <span
      aria-hidden="true"
      style={style}
      className="inline-flex shrink-0 select-none items-center justify-center rounded-full bg-accent-soft text-sm font-semibold text-foreground"
    >
      {initialsOf(name)}
    </span>
  );
}
