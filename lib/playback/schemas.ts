// The playback state as the database sends it (get_party_playback() and the playback_changed
// broadcast share one shape, private.playback_json), parsed at the edge; and what a host's write
// may carry (the server action validates it before the database does).
import { z } from "zod";
import type { PlaybackState } from "./types";

export const playbackStateSchema = z.object({
  partyId: z.string(),
  positionSeconds: z.number().finite().min(0),
  positionAt: z.number().finite(),
  isPlaying: z.boolean(),
  playbackRate: z.number().finite().positive(),
  updatedBy: z.string().nullable(),
  updatedAt: z.number().finite(),
  revision: z.number().int(),
});

/** A playback state, or null when `payload` is not one. */
export function parsePlaybackState(payload: unknown): PlaybackState | null {
  const parsed = playbackStateSchema.safeParse(payload);
  return parsed.success ? parsed.data : null;
}

export const PLAYBACK_INPUT_NOT_VALID = "That change to the player was not valid";

/** setPlayback's input: the host's player, sampled at server time `at` (epoch ms). */
export const playbackWriteSchema = z.object(
  {
    partyId: z.guid({ error: "That link is not valid" }),
    positionSeconds: z
      .number({ error: PLAYBACK_INPUT_NOT_VALID })
      .finite(PLAYBACK_INPUT_NOT_VALID)
      .min(0, PLAYBACK_INPUT_NOT_VALID)
      .max(604_800, PLAYBACK_INPUT_NOT_VALID),
    isPlaying: z.boolean({ error: PLAYBACK_INPUT_NOT_VALID }),
    playbackRate: z
      .number({ error: PLAYBACK_INPUT_NOT_VALID })
      .finite(PLAYBACK_INPUT_NOT_VALID)
      .min(0.25, PLAYBACK_INPUT_NOT_VALID)
      .max(4, PLAYBACK_INPUT_NOT_VALID),
    at: z
      .number({ error: PLAYBACK_INPUT_NOT_VALID })
      .finite(PLAYBACK_INPUT_NOT_VALID)
      .min(0, PLAYBACK_INPUT_NOT_VALID)
      .max(8.64e15, PLAYBACK_INPUT_NOT_VALID),
  },
  { error: PLAYBACK_INPUT_NOT_VALID },
);

export type PlaybackWriteInput = z.input<typeof playbackWriteSchema>;
