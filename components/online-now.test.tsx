// @vitest-environment jsdom
import "@/vitest.setup";
import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { OnlineNow } from "./online-now";

const list = () => within(screen.getByRole("list", { name: "Online now" }));

describe("OnlineNow", () => {
  it("shows names, with a tag only for two people who share one", () => {
    const users = [
      { userId: "5a5a1111-0000-4000-8000-000000000001", displayName: "Sam" },
      { userId: "5a5a2222-0000-4000-8000-000000000002", displayName: "Sam" },
      { userId: "a1a1a1a1-0000-4000-8000-000000000003", displayName: "Ann" },
    ];
    render(<OnlineNow users={users} connected />);
    expect(
      list()
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["Sam#5a5a1", "Sam#5a5a2", "Ann"]);
  });

  it("uses the room's tags when given (namesakes in the other list count too)", () => {
    const users = [{ userId: "u-sam", displayName: "Sam" }];
    render(<OnlineNow users={users} connected nameTags={new Map([["u-sam", "#1f3a"]])} />);
    expect(list().getByText("#1f3a")).toBeInTheDocument();
  });
});
