// @vitest-environment jsdom
import "@/vitest.setup";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ChatComposer } from "./chat-composer";

describe("the chat's Message textbox and Send", () => {
  it("sends the trimmed message and clears the box", async () => {
    const onSend = vi.fn().mockResolvedValue({ ok: true, data: null });
    render(<ChatComposer canPost onSend={onSend} />);
    await userEvent.type(screen.getByRole("textbox", { name: "Message" }), "  hello room ");
    await userEvent.click(screen.getByRole("button", { name: "Send" }));
    expect(onSend).toHaveBeenCalledWith("hello room");
    expect(screen.getByRole("textbox", { name: "Message" })).toHaveValue("");
  });

  it("an empty or too long message is refused in words, before anything is sent", async () => {
    const onSend = vi.fn();
    render(<ChatComposer canPost onSend={onSend} />);
    await userEvent.click(screen.getByRole("button", { name: "Send" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Write a message first");
    const box = screen.getByRole("textbox", { name: "Message" });
    await userEvent.click(box);
    await userEvent.paste("x".repeat(501));
    expect(screen.getByText("501 of 500 characters")).toBeInTheDocument();
    await userEvent.keyboard("{Enter}");
    expect(screen.getByRole("alert")).toHaveTextContent("Keep messages to 500 characters");
    expect(onSend).not.toHaveBeenCalled();
  });

  it("the database's refusal (the rate limit) is shown and the text kept", async () => {
    const onSend = vi
      .fn()
      .mockResolvedValue({ ok: false, error: "You are sending messages too quickly. Wait a few seconds and try again." });
    render(<ChatComposer canPost onSend={onSend} />);
    await userEvent.type(screen.getByRole("textbox", { name: "Message" }), "one more{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent("too quickly");
    expect(screen.getByRole("textbox", { name: "Message" })).toHaveValue("one more");
  });

  it("someone who has not joined cannot post, and is told why", () => {
    render(<ChatComposer canPost={false} onSend={vi.fn()} />);
    expect(screen.getByRole("textbox", { name: "Message" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Send" })).toHaveAttribute("aria-disabled", "true");
    expect(screen.getByText("Join the party to chat.")).toBeInTheDocument();
  });
});
