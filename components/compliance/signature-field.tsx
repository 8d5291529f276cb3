'use client';
// The customer's signature, drawn on the screen with a finger (or a mouse) on a signature_pad
// canvas, saved as a PNG. The canvas keeps its drawing sharp on high-density screens.
import { useEffect, useId, useRef, useState } from 'react';
import SignaturePad from 'signature_pad';

export function SignatureField({ label, disabled, onSave }: { label: string; disabled: boolean; onSave: (dataUrl: string) => void }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const padRef = useRef<SignaturePad | null>(null);
  const [empty, setEmpty] = useState(true);
  const hintId = useId();

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const pad = new SignaturePad(canvas, { backgroundColor: 'rgb(255, 255, 255)', penColor: 'rgb(20, 30, 80)' });
    padRef.current = pad;
    const fit = () => {
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      const data = pad.toData();
      canvas.width = canvas.offsetWidth * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext('2d')?.scale(ratio, ratio);
      pad.fromData(data);
    };
    fit();
    const onEnd = () => setEmpty(pad.isEmpty());
    pad.addEventListener('endStroke', onEnd);
    window.addEventListener('resize', fit);
    return () => {
      window.removeEventListener('resize', fit);
      pad.removeEventListener('endStroke', onEnd);
      pad.off();
      padRef.current = null;
    };
  }, []);

  useEffect(() => {
    const pad = padRef.current;
    if (!pad) return;
    if (disabled) pad.off();
    else pad.on();
  }, [disabled]);

  const clear = () => {
    padRef.current?.clear();
    setEmpty(true);
  };

  return (
    <div className="cf-signature">
      <canvas ref={canvasRef} className="cf-signature-pad" role="img" aria-label={`${label}: signature pad`} aria-describedby={hintId} />
      <p id={hintId} className="muted cf-hint">
        The customer signs above with a finger.
      </p>
      <div className="cf-row">
        <button type="button" className="button" onClick={clear} disabled={disabled || empty}>
          Clear signature
        </button>
        <button
          type="button"
          className="button primary"
          disabled={disabled || empty}
          onClick={() => {
            const pad = padRef.current;
            if (!pad || pad.isEmpty()) return;
            onSave(pad.toDataURL('image/png'));
            clear();
          }}
        >
          Save signature
        </button>
      </div>
    </div>
  );
}
