// @vitest-environment jsdom
import "@/vitest.setup";
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { HostBadge } from "./host-badge";

describe("HostBadge", () => {
  it("reads exactly Host", () => {
    render(<HostBadge />);
    expect(screen.getByText("Host", { exact: true })).toBeInTheDocument();
  });

  it("is text, not a control", () => {
    render(<HostBadge />);
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
    expect(screen.getByText("Host").tagName).toBe("SPAN");
  });
});
