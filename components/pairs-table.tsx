/** Ordered name/value pairs as sent: order, case and duplicates kept. Text only. */
export function PairsTable({ pairs, empty, label }: { pairs: ReadonlyArray<readonly [string, string]>; empty: string; label: string }) {
  if (pairs.length === 0) return <p className="p-4 text-sm text-zinc-500">{empty}</p>;
  return (
    <table className="w-full table-fixed border-collapse font-mono text-xs" aria-label={label}>
      <tbody>
        {pairs.map(([name, value], i) => (
          <tr key={i} className="border-b border-zinc-100 align-top dark:border-zinc-800/70">
            <th scope="row" className="w-1/3 px-3 py-1.5 text-left font-medium break-all text-zinc-600 dark:text-zinc-400">
              {name}
            </th>
            <td className="px-3 py-1.5 break-all whitespace-pre-wrap text-zinc-900 dark:text-zinc-100">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
