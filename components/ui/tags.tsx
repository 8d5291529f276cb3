export function Tags({ list }: { list: readonly string[] }) {
  if (!list.length) return <span className="muted">—</span>;
  return (
    <span className="tags">
      {list.map((t) => (
        <span key={t} className="tag">
          {t}
        </span>
      ))}
    </span>
  );
}
