// @vitest-environment jsdom
import "@/vitest.setup";
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ParticipantCount } from "./participant-count";

describe("ParticipantCount", () => {
  it.each([
    [0, "0 participants"],
    [1, "1 participant"],
    [2, "2 participants"],
  ])("%i → %s, in a polite live region", (count, text) => {
    render(<ParticipantCount count={count} />);
    const region = screen.getByText(text);
    expect(region).toHaveAttribute("aria-live", "polite");
    expect(region).toHaveAttribute("aria-atomic", "true");
  });
});
