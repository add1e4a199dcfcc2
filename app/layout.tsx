import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: "Hookbin",
  description: "Capture, inspect and replay webhooks.",
  icons: { icon: "/favicon.svg" },
  referrer: "no-referrer",
};

// Sets the theme class before first paint: the saved choice, else the system's.
const themeScript = `try{var t=localStorage.getItem("hookbin:theme");if(t==="dark"||(!t&&matchMedia("(prefers-color-scheme: dark)").matches))document.documentElement.classList.add("dark")}catch(e){}`;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="font-sans">{children}</body>
    </html>
  );
}
