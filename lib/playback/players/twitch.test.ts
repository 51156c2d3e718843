import { describe, expect, it } from "vitest";
import type { PlayerEvent } from "../types";
import { createFakePort } from "../testing/fake-port";
import { createTwitchAdapter, TWITCH_COMMAND, TWITCH_EMBED, TWITCH_PROXY } from "./twitch";

function setup() {
  const port = createFakePort();
  const player = createTwitchAdapter(port);
  const events: PlayerEvent[] = [];
  player.subscribe((event) => events.push(event));
  return { port, player, events };
}

describe("Twitch's embedded player: play and pause only", () => {
  it("a live stream: nothing to seek, no rate; play and pause are the player proxy's commands 3 and 2", async () => {
    const { port, player } = setup();
    expect(player.capabilities()).toEqual({ seek: false, fineRate: false, live: true });
    await player.play();
    player.pause();
    player.seek(10);
    player.setRate(2);
    expect(port.sent).toEqual([
      { namespace: TWITCH_PROXY, eventName: TWITCH_COMMAND.play, params: null },
      { namespace: TWITCH_PROXY, eventName: TWITCH_COMMAND.pause, params: null },
    ]);
  });

  it("UPDATE_STATE and the embed's events say whether it plays", () => {
    const { port, player, events } = setup();
    port.fromPlayer({ namespace: TWITCH_EMBED, eventName: "ready" });
    port.fromPlayer({ namespace: TWITCH_PROXY, eventName: "UPDATE_STATE", params: { playback: "Playing", currentTime: 3600 } });
    expect(player.paused()).toBe(false);
    port.fromPlayer({ namespace: TWITCH_EMBED, eventName: "pause" });
    port.fromPlayer({ namespace: TWITCH_PROXY, eventName: "UPDATE_STATE", params: { playback: "Paused" } });
    expect(events).toEqual(["ready", "play", "pause"]);
    expect(player.isReady()).toBe(true);
    port.fromPlayer({ namespace: "someone-else", eventName: "play" });
    expect(player.paused()).toBe(true);
  });
});
