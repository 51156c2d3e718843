// The playback queries and the host's write, through a typed Supabase client (the browser's for
// reads and the clock, the server's, acting as the signed-in user, for the write).
import type { PostgrestError } from "@supabase/supabase-js";
import { StreamingError } from "@/lib/streaming/errors";
import type { StreamingClient } from "@/lib/streaming/streaming-repository";
import { parsePlaybackState } from "./schemas";
import type { PlaybackState } from "./types";

function check(error: PostgrestError | null): void {
  if (error) throw new StreamingError(error.code, error.message);
}

export class PlaybackRepository {
  constructor(private readonly supabase: StreamingClient) {}

  /** The party's playback, or null when never set (or not visible to the caller). */
  async getPlayback(partyId: string): Promise<PlaybackState | null> {
    const { data, error } = await this.supabase.rpc("get_party_playback", { p_party_id: partyId });
    check(error);
    return parsePlaybackState(data);
  }

  /** The database's clock, epoch ms. */
  async serverTime(): Promise<number> {
    const { data, error } = await this.supabase.rpc("server_time");
    check(error);
    if (typeof data !== "number") throw new StreamingError(null, "server_time answered no number");
    return data;
  }

  /** Sets the party's playback as its host (the database refuses anyone else). */
  async setPlayback(
    partyId: string,
    write: { positionSeconds: number; isPlaying: boolean; playbackRate: number; at: number },
  ): Promise<PlaybackState | null> {
    const { data, error } = await this.supabase.rpc("set_party_playback", {
      p_party_id: partyId,
      p_position: write.positionSeconds,
      p_playing: write.isPlaying,
      p_rate: write.playbackRate,
      p_at: new Date(write.at).toISOString(),
    });
    check(error);
    return parsePlaybackState(data);
  }
}
