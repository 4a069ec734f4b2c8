import { useRef, useState } from 'preact/hooks';
import type { TextBox } from '../../src/renderer/render.types.js';

const MIN_DRAG_PX = 10;
type Mode =
  | { kind: 'draw'; x: number; y: number }
  | { kind: 'move' | 'nw' | 'se'; x: number; y: number; start: TextBox };

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));
const round1 = (n: number) => Math.round(n * 10) / 10;

function normalise(box: TextBox): TextBox {
  const leftPct = round1(clamp(box.leftPct, 0, 99.9));
  const topPct = round1(clamp(box.topPct, 0, 99.9));
  return {
    leftPct,
    topPct,
    widthPct: round1(clamp(box.widthPct, 0.1, 100 - leftPct)),
    heightPct: round1(clamp(box.heightPct, 0.1, 100 - topPct)),
  };
}

/**
 * The template image with its text box: drag on the image to draw a new box (a drag under 10 px is ignored), drag the
 * box to move it, drag a corner handle to resize it. Pointer events, so mouse, pen and touch all work.
 */
export function BoxDrawer({
  imageUrl,
  box,
  onChange,
  label,
}: {
  imageUrl: string;
  box: TextBox;
  onChange: (box: TextBox) => void;
  label: string;
}) {
  const area = useRef<HTMLDivElement>(null);
  const [mode, setMode] = useState<Mode | null>(null);
  const [draft, setDraft] = useState<TextBox | null>(null);

  const toPct = (event: PointerEvent) => {
    const rect = area.current!.getBoundingClientRect();
    return {
      x: ((event.clientX - rect.left) / rect.width) * 100,
      y: ((event.clientY - rect.top) / rect.height) * 100,
      rect,
    };
  };

  function start(kind: Mode['kind'], event: PointerEvent) {
    event.preventDefault();
    event.stopPropagation();
    try {
      area.current?.setPointerCapture(event.pointerId);
    } catch {
      // A pointer the browser no longer tracks cannot be captured; the drag still works inside the image.
    }
    const { x, y } = toPct(event);
    setMode(kind === 'draw' ? { kind, x, y } : { kind, x, y, start: box });
  }

  function move(event: PointerEvent) {
    if (!mode) return;
    const { x, y } = toPct(event);
    if (mode.kind === 'draw') {
      setDraft(
        normalise({
          leftPct: Math.min(mode.x, x),
          topPct: Math.min(mode.y, y),
          widthPct: Math.abs(x - mode.x),
          heightPct: Math.abs(y - mode.y),
        }),
      );
      return;
    }
    const dx = x - mode.x;
    const dy = y - mode.y;
    const s = mode.start;
    if (mode.kind === 'move') {
      setDraft(
        normalise({
          ...s,
          leftPct: clamp(s.leftPct + dx, 0, 100 - s.widthPct),
          topPct: clamp(s.topPct + dy, 0, 100 - s.heightPct),
        }),
      );
    } else if (mode.kind === 'se') {
      setDraft(normalise({ ...s, widthPct: s.widthPct + dx, heightPct: s.heightPct + dy }));
    } else {
      const left = clamp(s.leftPct + dx, 0, s.leftPct + s.widthPct - 0.1);
      const top = clamp(s.topPct + dy, 0, s.topPct + s.heightPct - 0.1);
      setDraft(
        normalise({
          leftPct: left,
          topPct: top,
          widthPct: s.leftPct + s.widthPct - left,
          heightPct: s.topPct + s.heightPct - top,
        }),
      );
    }
  }

  function end(event: PointerEvent) {
    if (!mode) return;
    const { x, y, rect } = toPct(event);
    const movedPx = Math.hypot(((x - mode.x) / 100) * rect.width, ((y - mode.y) / 100) * rect.height);
    if (draft && movedPx >= MIN_DRAG_PX) onChange(draft);
    setMode(null);
    setDraft(null);
  }

  const shown = draft ?? box;
  const style = {
    left: `${shown.leftPct}%`,
    top: `${shown.topPct}%`,
    width: `${shown.widthPct}%`,
    height: `${shown.heightPct}%`,
  };
  return (
    <div
      ref={area}
      class="drawer"
      role="application"
      aria-label={label}
      data-testid="box-drawer"
      onPointerDown={(e) => start('draw', e)}
      onPointerMove={move}
      onPointerUp={end}
      onPointerCancel={() => {
        setMode(null);
        setDraft(null);
      }}
    >
      <img src={imageUrl} alt="" draggable={false} />
      <div class="box" style={style} data-testid="text-box" onPointerDown={(e) => start('move', e)}>
        <span class="handle nw" onPointerDown={(e) => start('nw', e)} />
        <span class="handle se" onPointerDown={(e) => start('se', e)} />
      </div>
    </div>
  );
}

/** Nudge buttons: move or resize the box by 0.5 % per press, for precise placement without a mouse. */
export function Nudge({ box, onChange }: { box: TextBox; onChange: (box: TextBox) => void }) {
  const step = 0.5;
  const nudge = (change: Partial<Record<keyof TextBox, number>>) =>
    onChange(
      normalise({
        leftPct: box.leftPct + (change.leftPct ?? 0),
        topPct: box.topPct + (change.topPct ?? 0),
        widthPct: box.widthPct + (change.widthPct ?? 0),
        heightPct: box.heightPct + (change.heightPct ?? 0),
      }),
    );
  return (
    <fieldset class="nudge">
      <legend class="visually-hidden">Nudge the text box</legend>
      <button type="button" aria-label="Move left" onClick={() => nudge({ leftPct: -step })}>
        ←
      </button>
      <button type="button" aria-label="Move up" onClick={() => nudge({ topPct: -step })}>
        ↑
      </button>
      <button type="button" aria-label="Move down" onClick={() => nudge({ topPct: step })}>
        ↓
      </button>
      <button type="button" aria-label="Move right" onClick={() => nudge({ leftPct: step })}>
        →
      </button>
      <button type="button" aria-label="Narrower" onClick={() => nudge({ widthPct: -step })}>
        W−
      </button>
      <button type="button" aria-label="Wider" onClick={() => nudge({ widthPct: step })}>
        W+
      </button>
      <button type="button" aria-label="Shorter" onClick={() => nudge({ heightPct: -step })}>
        H−
      </button>
      <button type="button" aria-label="Taller" onClick={() => nudge({ heightPct: step })}>
        H+
      </button>
    </fieldset>
  );
}
