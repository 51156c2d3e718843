import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { SiteHeader } from "@/components/site-header";
import { SkipLink } from "@/components/skip-link";
import "./globals.css";

const MAIN_CONTENT_ID = "main-content";

export const metadata: Metadata = {
  title: { default: "Habitats Watch Parties", template: "%s · Habitats Watch Parties" },
  description: "Schedule watch parties with your habitat and watch together.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">
        <Providers>
          <SkipLink targetId={MAIN_CONTENT_ID} />
          <SiteHeader />
          <main id={MAIN_CONTENT_ID} tabIndex={-1} className="mx-auto max-w-5xl px-4 py-8 outline-none sm:py-10">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
