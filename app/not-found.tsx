import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-3 p-8 text-center">
      <h1 className="text-lg font-semibold">Nothing here</h1>
      <p className="text-sm text-zinc-500">This bin does not exist, has expired, or was deleted.</p>
      <Link href="/" className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500">
        Create a new bin
      </Link>
    </main>
  );
}
