export type ConnectionState = "connecting" | "live" | "reconnecting" | "offline";

const styles: Record<ConnectionState, { dot: string; label: string }> = {
  connecting: { dot: "bg-zinc-400", label: "Connecting…" },
  live: { dot: "bg-emerald-500 animate-pulse", label: "Live" },
  reconnecting: { dot: "bg-amber-500", label: "Reconnecting…" },
  offline: { dot: "bg-rose-500", label: "Offline" },
};

export function ConnectionBadge({ state }: { state: ConnectionState }) {
  const { dot, label } = styles[state];
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400" data-connection={state} role="status">
      <span className={`h-2 w-2 rounded-full ${dot}`} />
      {label}
    </span>
  );
}
