import { useId, type ReactNode } from 'react';

/** A titled section of a settings-like page, named by its heading. */
export function Panel({ title, intro, children }: { title: string; intro?: ReactNode; children?: ReactNode }) {
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId} style={{ marginTop: 16 }}>
      <h2 id={headingId} className="panel-title">
        {title}
      </h2>
      {intro && <p className="muted">{intro}</p>}
      {children}
    </section>
  );
}
