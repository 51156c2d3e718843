"use server";

// The host's player drives the party: each play, pause, seek or rate change is written here, as
// the signed-in user (set_party_playback refuses anyone but the current host).
import { fail, ok, type ActionResult } from "@/lib/action-result";
import { describePlaybackError } from "@/lib/playback/errors";
import { PlaybackRepository } from "@/lib/playback/playback-repository";
import { PLAYBACK_INPUT_NOT_VALID, playbackWriteSchema, type PlaybackWriteInput } from "@/lib/playback/schemas";
import type { PlaybackState } from "@/lib/playback/types";
import { withSignedInClient } from "@/lib/streaming/action-context";

export async function setPlayback(input: PlaybackWriteInput): Promise<ActionResult<PlaybackState | null>> {
  const parsed = playbackWriteSchema.safeParse(input);
  if (!parsed.success) return fail(parsed.error.issues[0]?.message ?? PLAYBACK_INPUT_NOT_VALID);
  const { partyId, ...write } = parsed.data;
  return withSignedInClient(async (supabase) => {
    try {
      return ok(await new PlaybackRepository(supabase).setPlayback(partyId, write));
    } catch (error) {
      return fail(describePlaybackError(error));
    }
  });
}
