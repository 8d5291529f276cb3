'use client';
// The customer's signature, drawn on the screen with a finger (or a mouse) on a signature_pad
// canvas, saved as a PNG; or, for whoever cannot draw (keyboard only, a screen reader), typed: the
// signer types their name, it is written into the same kind of image (typed-signature.ts) and
// the name is recorded with it, in the handwriting font the app ships (its CSS imported here, its
// files bundled and served from our own origin). Either way the server gets an image, checked by its
// content. The canvases keep their drawing sharp on high-density screens. Once a signature is saved
// (the image shows above the field) the controls fold away behind "Sign again".
import { useEffect, useId, useRef, useState } from 'react';
import SignaturePad from 'signature_pad';
import '@fontsource/dancing-script/400.css';
import { SIGNER_NAME_MAX } from '../../engine/compliance/model';
import { SIGNATURE_INK, SIGNATURE_PAPER, drawTypedSignature, loadSignatureFont, signerName } from './typed-signature';

type Mode = 'draw' | 'type';

/** Sizes the canvas to its box on this screen; the context then draws in CSS pixels. */
function fitCanvas(canvas: HTMLCanvasElement) {
  const ratio = Math.max(window.devicePixelRatio || 1, 1);
  canvas.width = canvas.offsetWidth * ratio;
  canvas.height = canvas.offsetHeight * ratio;
  const ctx = canvas.getContext('2d');
  ctx?.scale(ratio, ratio);
  return ctx;
}

/**
 * `signed`: a signature is saved (waiting on the phone or recorded), its image shown beside: the
 * controls are folded behind "Sign again" (and fold again once the new one is saved).
 */
export function SignatureField({ label, disabled, signed, onSave }: { label: string; disabled: boolean; signed: boolean; onSave: (dataUrl: string, signedAs?: string) => void }) {
  const [again, setAgain] = useState(false);
  const againRef = useRef<HTMLButtonElement>(null);
  // Set on a save, so that focus lands on "Sign again" when the controls fold (not lost with them).
  const refocus = useRef(false);
  const folded = signed && !again;
  useEffect(() => {
    if (folded && refocus.current) {
      refocus.current = false;
      againRef.current?.focus();
    }
  }, [folded]);
  if (folded) {
    return (
      <div className="cf-row">
        <button ref={againRef} type="button" className="button" disabled={disabled} onClick={() => setAgain(true)}>
          Sign again
        </button>
      </div>
    );
  }
  return (
    <>
      <SignatureControls
        label={label}
        disabled={disabled}
        focusOnOpen={again}
        onSave={(dataUrl, signedAs) => {
          refocus.current = true;
          setAgain(false);
          onSave(dataUrl, signedAs);
        }}
      />
      {again && (
        <div className="cf-row">
          <button type="button" className="button" onClick={() => ((refocus.current = true), setAgain(false))}>
            Keep the saved signature
          </button>
        </div>
      )}
    </>
  );
}

/** The pad and the typed name, with their buttons. `focusOnOpen`: focus the pad when shown (signing again). */
function SignatureControls({ label, disabled, focusOnOpen, onSave }: { label: string; disabled: boolean; focusOnOpen: boolean; onSave: (dataUrl: string, signedAs?: string) => void }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const focusOnOpenRef = useRef(focusOnOpen);
  const typedRef = useRef<HTMLCanvasElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const padRef = useRef<SignaturePad | null>(null);
  const fitRef = useRef<() => void>(() => {});
  const [empty, setEmpty] = useState(true);
  const [mode, setMode] = useState<Mode>('draw');
  const [name, setName] = useState('');
  const id = useId();
  const hintId = `${id}-hint`;
  const typedHintId = `${id}-typed-hint`;
  const nameId = `${id}-name`;
  const typed = signerName(name);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const pad = new SignaturePad(canvas, { backgroundColor: SIGNATURE_PAPER, penColor: SIGNATURE_INK });
    padRef.current = pad;
    const fit = () => {
      if (!canvas.offsetWidth) return; // hidden while the name is typed: fitted again when shown
      const data = pad.toData();
      fitCanvas(canvas);
      pad.fromData(data);
    };
    fitRef.current = fit;
    fit();
    if (focusOnOpenRef.current) canvas.focus();
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

  // The pad is fitted again when it shows; the typed signature is drawn as it is typed, once the
  // shipped font's faces for the name are loaded (a canvas does not wait for a font).
  useEffect(() => {
    if (mode === 'draw') return fitRef.current();
    const canvas = typedRef.current;
    if (!canvas) return;
    let live = true;
    const draw = () => {
      const ctx = fitCanvas(canvas);
      if (ctx) drawTypedSignature(ctx, typed, canvas.offsetWidth, canvas.offsetHeight);
    };
    draw();
    void loadSignatureFont(typed).then(() => live && draw());
    window.addEventListener('resize', draw);
    return () => {
      live = false;
      window.removeEventListener('resize', draw);
    };
  }, [mode, typed]);

  const switchTo = (next: Mode) => {
    setMode(next);
    // Focus follows the switch, so that a keyboard or screen reader user lands where they sign.
    requestAnimationFrame(() => (next === 'type' ? nameRef.current : canvasRef.current)?.focus());
  };

  const clear = () => {
    padRef.current?.clear();
    setEmpty(true);
  };

  const saveDrawn = () => {
    const pad = padRef.current;
    if (!pad || pad.isEmpty()) return;
    onSave(pad.toDataURL('image/png'));
    clear();
  };

  const saveTyped = async () => {
    const canvas = typedRef.current;
    const signedAs = typed;
    if (!canvas || !signedAs) return;
    // Drawn once more with the font surely loaded: the image saved is in the shipped font.
    await loadSignatureFont(signedAs);
    const ctx = fitCanvas(canvas);
    if (ctx) drawTypedSignature(ctx, signedAs, canvas.offsetWidth, canvas.offsetHeight);
    onSave(canvas.toDataURL('image/png'), signedAs);
    setName('');
  };

  return (
    <div className="cf-signature" role="group" aria-label={`${label}: sign`}>
      <div className="cf-signature-draw" hidden={mode !== 'draw'}>
        <canvas
          ref={canvasRef}
          className="cf-signature-pad"
          role="img"
          tabIndex={mode === 'draw' ? 0 : -1}
          aria-label={`${label}: signature pad${empty ? ', empty' : ', signed'}`}
          aria-describedby={hintId}
          onKeyDown={(e) => {
            // The pad cannot be drawn on with keys: Enter goes to typing the name.
            if (e.key === 'Enter' && !disabled) {
              e.preventDefault();
              switchTo('type');
            }
          }}
        />
        <p id={hintId} className="muted cf-hint">
          The customer signs above with a finger, a pen or a mouse. Without one, press Enter here or choose “Type the signer’s name instead”.
        </p>
        <div className="cf-row">
          <button type="button" className="button" onClick={clear} disabled={disabled || empty}>
            Clear signature
          </button>
          <button type="button" className="button primary" disabled={disabled || empty} onClick={saveDrawn}>
            Save signature
          </button>
          <button type="button" className="button" disabled={disabled} onClick={() => switchTo('type')}>
            Type the signer’s name instead
          </button>
        </div>
      </div>
      {mode === 'type' && (
        <form
          className="cf-signature-type"
          aria-label={`${label}: typed signature`}
          onSubmit={(e) => {
            e.preventDefault();
            void saveTyped();
          }}
        >
          <label htmlFor={nameId}>Signer’s name</label>
          <input
            ref={nameRef}
            id={nameId}
            className="input"
            type="text"
            autoComplete="off"
            maxLength={SIGNER_NAME_MAX}
            value={name}
            disabled={disabled}
            aria-describedby={typedHintId}
            onChange={(e) => setName(e.target.value)}
          />
          <p id={typedHintId} className="muted cf-hint">
            The customer types their full name: it is written into the signature image below and recorded with it.
          </p>
          <canvas
            ref={typedRef}
            className="cf-signature-pad cf-signature-typed"
            role="img"
            aria-label={typed ? `${label}: typed signature preview, “${typed}”` : `${label}: typed signature preview, empty`}
          />
          <div className="cf-row">
            <button type="submit" className="button primary" disabled={disabled || !typed}>
              Save signature
            </button>
            <button type="button" className="button" disabled={disabled} onClick={() => switchTo('draw')}>
              Draw the signature instead
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
