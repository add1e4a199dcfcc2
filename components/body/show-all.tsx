/** The "show the rest" control of a view that renders only a preview of a large body. */
export function ShowAll({ total, unit, onClick }: { total: number; unit: string; onClick: () => void }) {
  return (
    <button type="button" className="m-3 text-xs text-indigo-600 hover:underline dark:text-indigo-400" onClick={onClick}>
      Show all {total.toLocaleString()} {unit}
    </button>
  );
}
