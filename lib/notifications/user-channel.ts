// The signed-in user's own realtime channel: the private topic user:<userId>, which only that user
// may hear (RLS on realtime.messages). The database broadcasts each reminder it delivers; each
// patches the cached list (no refetch per event) and is reported as an arrival (a toast, and a
// browser notification when allowed). Realtime does not replay: every (re)subscribe and every
// return to the tab refetches the list.
import type { QueryClient } from "@tanstack/react-query";
import { refetchOnResume } from "@/lib/streaming/refetch-on-resume";
import { openResilientChannel, type ConnectionStatus } from "@/lib/streaming/resilient-channel";
import type { StreamingClient } from "@/lib/streaming/streaming-repository";
import { withNotification } from "./notification-list";
import { NOTIFICATION_EVENT, parseNotificationEvent } from "./notification-event";
import { notificationKeys } from "./queries";
import type { AppNotification } from "./types";

export interface UserChannelState {
  status: ConnectionStatus;
  /** reminders that arrived live while the page was open, newest first (a few) */
  arrivals: AppNotification[];
}

export const INITIAL_USER_CHANNEL_STATE: UserChannelState = { status: "connecting", arrivals: [] };

const MAX_ARRIVALS = 5;

export interface UserChannelOptions {
  supabase: StreamingClient;
  queryClient: QueryClient;
  userId: string;
  emit: (state: UserChannelState) => void;
  /** once per arrival, whoever listens (the browser notification) */
  onArrival?: (notification: AppNotification) => void;
}

export function openUserChannel({ supabase, queryClient, userId, emit, onArrival }: UserChannelOptions): () => void {
  let state = INITIAL_USER_CHANNEL_STATE;
  const update = (patch: Partial<UserChannelState>) => {
    state = { ...state, ...patch };
    emit(state);
  };
  const key = notificationKeys.list();
  const refetch = () => void queryClient.invalidateQueries({ queryKey: key });

  const stop = openResilientChannel({
    supabase,
    topic: `user:${userId}`,
    bind: (channel) => {
      channel.on("broadcast", { event: NOTIFICATION_EVENT }, ({ payload }: { payload: unknown }) => {
        const notification = parseNotificationEvent(payload);
        if (!notification || state.arrivals.some((n) => n.id === notification.id)) return;
        queryClient.setQueryData<AppNotification[]>(key, (list) => withNotification(list ?? [], notification));
        update({ arrivals: [notification, ...state.arrivals].slice(0, MAX_ARRIVALS) });
        onArrival?.(notification);
      });
    },
    onSubscribed: refetch,
    onStatus: (status) => update({ status }),
  });
  const stopResume = refetchOnResume(refetch);

  return () => {
    stopResume();
    stop();
  };
}
