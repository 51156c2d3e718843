import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SharedSubscriptions } from "./shared-subscription";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("shared subscriptions", () => {
  it("two holders of one key share one subscription, closed after the last lets go", () => {
    const subscriptions = new SharedSubscriptions<string>();
    const stop = vi.fn();
    const open = vi.fn(() => stop);
    const releaseA = subscriptions.retain("party", "connecting", open, () => undefined);
    const releaseB = subscriptions.retain("party", "connecting", open, () => undefined);
    expect(open).toHaveBeenCalledTimes(1);
    releaseA();
    vi.runAllTimers();
    expect(stop).not.toHaveBeenCalled();
    releaseB();
    vi.runAllTimers();
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it("a release followed at once by a retain (React's development double effect) keeps the subscription", () => {
    const subscriptions = new SharedSubscriptions<string>();
    const stop = vi.fn();
    const open = vi.fn(() => stop);
    subscriptions.retain("party", "connecting", open, () => undefined)();
    const release = subscriptions.retain("party", "connecting", open, () => undefined);
    vi.runAllTimers();
    expect(open).toHaveBeenCalledTimes(1);
    expect(stop).not.toHaveBeenCalled();
    release();
    vi.runAllTimers();
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it("every holder hears the state, a late one hears the latest at once", () => {
    const subscriptions = new SharedSubscriptions<string>();
    let emit: (state: string) => void = () => undefined;
    const first: string[] = [];
    const second: string[] = [];
    subscriptions.retain(
      "party",
      "connecting",
      (e) => ((emit = e), () => undefined),
      (s) => first.push(s),
    );
    emit("live");
    subscriptions.retain(
      "party",
      "connecting",
      () => () => undefined,
      (s) => second.push(s),
    );
    emit("reconnecting");
    expect(first).toEqual(["connecting", "live", "reconnecting"]);
    expect(second).toEqual(["live", "reconnecting"]);
  });
});
