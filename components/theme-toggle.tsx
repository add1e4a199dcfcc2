"use client";

export function ThemeToggle() {
  return (
    <button
      type="button"
      aria-label="Toggle dark mode"
      title="Toggle dark mode"
      className="rounded-md p-1.5 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
      onClick={() => {
        const dark = document.documentElement.classList.toggle("dark");
        localStorage.setItem("hookbin:theme", dark ? "dark" : "light");
      }}
    >
      <svg viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor" aria-hidden="true">
        <path d="M10 2a8 8 0 1 0 8 8 6 6 0 0 1-8-8Z" />
      </svg>
    </button>
  );
}
