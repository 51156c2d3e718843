import { Switch } from "@/components/ui/switch";
import { askForBrowserNotifications } from "@/lib/notifications/browser-notifications";

export interface ReminderSwitchProps {
  enabled: boolean;
  /** Only participants have a reminder to turn on. */
  joined: boolean;
  pending: boolean;
  onChange: (enabled: boolean) => void;
}

export function ReminderSwitch({ enabled, joined, pending, onChange }: ReminderSwitchProps) {
  const description = !joined
    ? "Join the party to get a reminder."
    : enabled
      ? "You will get a reminder before it starts."
      : "Get a reminder before it starts.";
  return (
    <Switch
      label="Remind me"
      checked={joined && enabled}
      onCheckedChange={(next) => {
        // the browser asks the user only now, on their click: never on page load
        if (next) void askForBrowserNotifications();
        onChange(next);
      }}
      description={description}
      unavailable={!joined}
      pending={pending}
    />
  );
}
