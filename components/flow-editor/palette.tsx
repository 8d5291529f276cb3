'use client';
// Node kinds to drag onto the canvas, or to add with Enter or Space from the keyboard.
import { memo, type DragEvent } from 'react';
import type { NodeKind } from '../../dsl';
import { KIND_LABELS, PALETTE_KINDS, handlerOf } from './kinds';

export const DRAG_MIME = 'application/x-dispatch-node-kind';

export const Palette = memo(function Palette({ onAdd, disabled }: { onAdd: (kind: NodeKind) => void; disabled: boolean }) {
  const start = (kind: NodeKind) => (e: DragEvent) => {
    e.dataTransfer.setData(DRAG_MIME, kind);
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <section className="fe-palette" aria-label="Node palette">
      <h2 className="fe-section-title">Nodes</h2>
      <p className="muted small">Drag onto the canvas, or press Enter to add below the selected node.</p>
      <ul>
        {PALETTE_KINDS.map((kind) => (
          <li key={kind}>
            <button
              type="button"
              className={`fe-palette-item fe-k-${kind}`}
              draggable={!disabled}
              disabled={disabled}
              onDragStart={start(kind)}
              onClick={() => onAdd(kind)}
              aria-label={`Add ${KIND_LABELS[kind]} node`}
            >
              <span className="fe-swatch" aria-hidden="true" />
              <span>
                {KIND_LABELS[kind]}
                {handlerOf(kind) && <span className="muted small"> · {handlerOf(kind)}</span>}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
});
