// The party room's chat as the app sees it (public.party_messages, with the author's name).

export interface ChatMessage {
  id: string;
  partyId: string;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: string;
  editedAt: string | null;
}

/** Where an older page starts: the oldest message shown (keyset). */
export interface ChatCursor {
  createdAt: string;
  id: string;
}

/** A line the room derives from its participant events: a join, a leave, a new host. */
export interface ActivityLine {
  id: string;
  kind: "joined" | "left" | "host";
  userId: string;
  name: string;
  at: string;
}
