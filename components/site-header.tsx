import Link from "next/link";

export function SiteHeader() {
  return (
    <header className="border-b border-border bg-surface">
      <div className="mx-auto flex max-w-3xl items-center px-4 py-3">
        <Link href="/" className="font-semibold tracking-tight">
          Habitats Watch Parties
        </Link>
      </div>
    </header>
  );
}
