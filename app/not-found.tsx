import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <div className="space-y-4">
      <h1 className="text-3xl font-bold tracking-tight">Page not found</h1>
      <p className="text-muted">There is nothing at this address. It may have moved, or never existed.</p>
      <p>
        <Link href="/" className="font-medium text-accent underline underline-offset-4">
          Go to the home page
        </Link>
      </p>
    </div>
  );
}
