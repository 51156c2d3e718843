"use client";

// The room's chat: a region "Chat" with the messages (oldest at the top, older pages loaded when
// scrolled to the top or with "Load older messages"), join, leave and host-change lines, and the
// composer. The view sticks to the newest message unless the reader has scrolled up; screen
// readers hear new messages from others in a polite log, one announcement per burst.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { activityText } from "@/lib/chat/activity";
import { createAnnouncer } from "@/lib/chat/announcer";
import { usePartyChat } from "@/lib/chat/use-party-chat";
import { ChatComposer } from "./chat-composer";
import { ChatMessageItem } from "./chat-message-item";

export interface ChatPanelProps {
  partyId: string;
  viewerId: string;
  /** participants post */
  canPost: boolean;
  /** the host, the habitat's owners and moderators delete any message */
  canModerate: boolean;
}

/** Within this many pixels of the bottom, the view follows new messages. */
const STICK_WITHIN_PX = 40;
const LOAD_OLDER_WITHIN_PX = 48;
const KEEP_ANNOUNCEMENTS = 5;

export function ChatPanel({ partyId, viewerId, canPost, canModerate }: ChatPanelProps) {
  const chat = usePartyChat(partyId);
  const scroller = useRef<HTMLDivElement>(null);
  const stuck = useRef(true);
  /** distance from the bottom to keep while an older page is prepended */
  const keepFromBottom = useRef<number | null>(null);
  const [unseen, setUnseen] = useState(false);
  const [announcements, setAnnouncements] = useState<Array<{ id: number; text: string }>>([]);
  const announced = useRef<{ newest: string | null; ids: Set<string> }>({ newest: null, ids: new Set() });
  const [announcer] = useState(() =>
    createAnnouncer((text) => setAnnouncements((list) => [...list, { id: Date.now() + Math.random(), text }].slice(-KEEP_ANNOUNCEMENTS))),
  );
  useEffect(() => () => announcer.stop(), [announcer]);

  const messages = useMemo(() => chat.items.flatMap((item) => (item.kind === "message" ? [item.message] : [])), [chat.items]);
  const newest = messages[messages.length - 1] ?? null;

  // others' new messages (not the first page, not older pages) are announced, once each
  useEffect(() => {
    const seen = announced.current;
    if (chat.loading) return;
    if (seen.newest !== null) {
      for (const message of messages) {
        if (message.createdAt <= seen.newest || seen.ids.has(message.id) || message.authorId === viewerId) continue;
        seen.ids.add(message.id);
        announcer.push(message.authorName, message.body);
      }
    }
    seen.newest = newest?.createdAt ?? seen.newest ?? "";
  }, [messages, newest, chat.loading, viewerId, announcer]);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    if (keepFromBottom.current !== null) {
      element.scrollTop = element.scrollHeight - keepFromBottom.current;
      keepFromBottom.current = null;
    } else if (stuck.current) {
      element.scrollTop = element.scrollHeight;
    } else {
      setUnseen(true);
    }
  }, [chat.items]);

  const loadOlder = () => {
    const element = scroller.current;
    if (!element || !chat.hasOlder || chat.loadingOlder) return;
    keepFromBottom.current = element.scrollHeight - element.scrollTop;
    chat.loadOlder();
  };

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    stuck.current = element.scrollHeight - element.scrollTop - element.clientHeight < STICK_WITHIN_PX;
    if (stuck.current) setUnseen(false);
    if (element.scrollTop < LOAD_OLDER_WITHIN_PX) loadOlder();
  };

  const toNewest = () => {
    const element = scroller.current;
    if (element) element.scrollTop = element.scrollHeight;
    stuck.current = true;
    setUnseen(false);
  };

  return (
    <section aria-labelledby="chat-heading" className="flex flex-col gap-2 rounded-lg border border-border bg-surface p-4">
      <h2 id="chat-heading" className="text-lg font-semibold">
        Chat
      </h2>
      <div className="relative">
        <div
          ref={scroller}
          onScroll={onScroll}
          tabIndex={0}
          aria-label="Chat messages"
          className="h-80 overflow-y-auto rounded-md outline-offset-2"
        >
          {chat.hasOlder ? (
            <p className="py-1 text-center">
              <Button variant="secondary" size="sm" pending={chat.loadingOlder} onClick={loadOlder}>
                Load older messages
              </Button>
            </p>
          ) : null}
          {chat.loading ? <p className="p-2 text-sm text-muted">Loading the chat…</p> : null}
          {chat.failed ? (
            <p className="p-2 text-sm text-danger">Could not load the chat. It loads again when the connection is back.</p>
          ) : null}
          {!chat.loading && chat.items.length === 0 ? <p className="p-2 text-sm text-muted">No messages yet. Say hello!</p> : null}
          <ol className="space-y-1">
            {chat.items.map((item) =>
              item.kind === "message" ? (
                <ChatMessageItem
                  key={item.message.id}
                  message={item.message}
                  own={item.message.authorId === viewerId}
                  canModerate={canModerate}
                  onEdit={chat.edit}
                  onDelete={chat.remove}
                />
              ) : (
                <li key={item.line.id} className="px-2 text-xs text-muted italic">
                  {activityText(item.line)}
                </li>
              ),
            )}
          </ol>
        </div>
        {unseen ? (
          <p className="absolute right-2 bottom-2">
            <Button size="sm" onClick={toNewest}>
              New messages
            </Button>
          </p>
        ) : null}
      </div>
      <div role="log" aria-live="polite" aria-label="New chat messages" className="sr-only">
        {announcements.map((announcement) => (
          <p key={announcement.id}>{announcement.text}</p>
        ))}
      </div>
      <ChatComposer canPost={canPost} onSend={chat.send} />
    </section>
  );
}
