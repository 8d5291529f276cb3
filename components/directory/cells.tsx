// Cells more than one directory table shows.

/** A row's name in bold, with a line of detail under it. */
export function NameCell({ name, note }: { name: string; note?: string | null }) {
  return (
    <>
      <strong>{name}</strong>
      {note && <div className="muted small">{note}</div>}
    </>
  );
}

/** The dispatchers of a group or provider, or "none". */
export function Dispatchers({ list }: { list: readonly { name: string }[] }) {
  return <>{list.map((d) => d.name).join(', ') || <span className="muted">none</span>}</>;
}
