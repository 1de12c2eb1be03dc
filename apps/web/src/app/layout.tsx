import type { Metadata } from "next";
import type { ReactNode } from "react";

import "./globals.css";

// Every page depends on the signed-in user and live data: render per request, never at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Inboxwatch", template: "%s · Inboxwatch" },
  description: "Where your email really ends up — inbox, spam, or nowhere — and why.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
