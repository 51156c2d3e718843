export default function HabitatLoading() {
  return (
    <div className="space-y-6" aria-busy="true">
      <p role="status" className="sr-only">
        Loading the habitat…
      </p>
      <div className="h-9 w-1/2 animate-pulse rounded bg-surface-raised" />
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="h-32 animate-pulse rounded-lg bg-surface-raised" />
        <div className="h-32 animate-pulse rounded-lg bg-surface-raised" />
      </div>
    </div>
  );
}
