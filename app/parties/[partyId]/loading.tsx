export default function PartyLoading() {
  return (
    <div className="space-y-6" aria-busy="true">
      <p role="status" className="sr-only">
        Loading the party…
      </p>
      <div className="h-4 w-32 animate-pulse rounded bg-surface-raised" />
      <div className="h-9 w-2/3 animate-pulse rounded bg-surface-raised" />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="aspect-video animate-pulse rounded-lg bg-surface-raised" />
        <div className="h-48 animate-pulse rounded-lg bg-surface-raised" />
      </div>
    </div>
  );
}
