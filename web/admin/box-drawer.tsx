import { useEffect, useRef, useState } from 'preact/hooks';
import type { SizedImage } from '../../src/renderer/canvas.types.js';
import { drawPromo } from '../../src/renderer/render.js';
import type { TextBox, VariantStyle } from '../../src/renderer/render.types.js';
import type { BrowserImage } from '../shared/browser-canvas.js';
import { boxBetween, CORNERS, type Corner, moveBox, resizeBox, snapToCentre } from './box-geometry.js';

/** SPEC ADM-2: a drag under 10 px draws nothing (a tap or a slip is not a box). */
const MIN_DRAW_PX = 10;

type Gesture = { kind: 'draw' | 'move' | Corner; x: number; y: number; start: TextBox };
interface Live {
  box: TextBox;
  guides: { vertical: boolean; horizontal: boolean } | null;
}

function follow(gesture: Gesture, x: number, y: number): Live {
  const dx = x - gesture.x;
  const dy = y - gesture.y;
  if (gesture.kind === 'draw') return { box: boxBetween(gesture, { x, y }), guides: null };
  if (gesture.kind !== 'move') return { box: resizeBox(gesture.start, gesture.kind, dx, dy), guides: null };
  const { box, vertical, horizontal } = snapToCentre(moveBox(gesture.start, dx, dy));
  return { box, guides: { vertical, horizontal } };
}

/**
 * The variant as it will be made — the shared renderer draws the template with the sample code at the real output
 * size, shown scaled — with the text box on top. Mouse and pen drag on the image to draw a box; touch draws only in
 * "Draw box" mode, so a swipe over the image scrolls the page (touch-action: pan-y). The move handle and the four
 * corner handles (44 px to hit) work with every pointer; a moved box snaps to the centre lines, which show meanwhile.
 */
export function BoxDrawer({
  image,
  style,
  code,
  drawMode,
  previewLabel,
  onCommit,
}: {
  image: SizedImage<BrowserImage> | null;
  style: VariantStyle;
  code: string;
  drawMode: boolean;
  previewLabel: string;
  onCommit: (box: TextBox, how: 'draw' | 'edit') => void;
}) {
  const area = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [gesture, setGesture] = useState<Gesture | null>(null);
  const [live, setLive] = useState<Live | null>(null);
  const box = live?.box ?? style.box;

  useEffect(() => {
    const target = canvas.current;
    if (!image || !target) return;
    const frame = requestAnimationFrame(() => {
      const ctx = target.getContext('2d');
      if (!ctx) return;
      if (target.width !== image.width || target.height !== image.height) {
        target.width = image.width;
        target.height = image.height;
      }
      ctx.clearRect(0, 0, image.width, image.height);
      drawPromo(ctx, { template: image, code, style: { ...style, box } });
    });
    return () => cancelAnimationFrame(frame);
  }, [image, style, code, box]);

  const pointAt = (event: PointerEvent) => {
    const rect = area.current!.getBoundingClientRect();
    return {
      x: ((event.clientX - rect.left) / rect.width) * 100,
      y: ((event.clientY - rect.top) / rect.height) * 100,
      rect,
    };
  };

  function begin(kind: Gesture['kind'], event: PointerEvent) {
    event.preventDefault();
    event.stopPropagation();
    try {
      area.current?.setPointerCapture(event.pointerId);
    } catch {
      // A pointer the browser no longer tracks cannot be captured; the drag still works inside the image.
    }
    const { x, y } = pointAt(event);
    setGesture({ kind, x, y, start: style.box });
  }

  function end(event: PointerEvent) {
    if (!gesture) return;
    const { x, y, rect } = pointAt(event);
    const result = follow(gesture, x, y).box;
    const movedPx = Math.hypot(((x - gesture.x) / 100) * rect.width, ((y - gesture.y) / 100) * rect.height);
    if (gesture.kind === 'draw' ? movedPx >= MIN_DRAW_PX : movedPx > 0) {
      onCommit(result, gesture.kind === 'draw' ? 'draw' : 'edit');
    }
    setGesture(null);
    setLive(null);
  }

  const cancel = () => {
    setGesture(null);
    setLive(null);
  };
  const guides = live?.guides;
  return (
    <div
      ref={area}
      class={`drawer${drawMode ? ' drawing' : ''}`}
      data-testid="box-drawer"
      style={image ? { aspectRatio: `${image.width} / ${image.height}` } : undefined}
      onPointerDown={(e) => {
        // Touch outside "Draw box" mode is left to the browser, which scrolls the page.
        if (e.pointerType === 'touch' && !drawMode) return;
        begin('draw', e);
      }}
      onPointerMove={(e) => gesture && setLive(follow(gesture, pointAt(e).x, pointAt(e).y))}
      onPointerUp={end}
      onPointerCancel={cancel}
    >
      <canvas ref={canvas} role="img" aria-label={previewLabel} />
      {!image && <p class="hint loading-image">Loading the image…</p>}
      {guides && <span class="guide vertical" data-snapped={guides.vertical} data-testid="guide-vertical" />}
      {guides && <span class="guide horizontal" data-snapped={guides.horizontal} data-testid="guide-horizontal" />}
      <div
        class="box"
        data-testid="text-box"
        style={{
          left: `${box.leftPct}%`,
          top: `${box.topPct}%`,
          width: `${box.widthPct}%`,
          height: `${box.heightPct}%`,
        }}
        onPointerDown={(e) => {
          // A finger on the box scrolls too (or draws, in draw mode); fingers move the box by its handle.
          if (e.pointerType !== 'touch') begin('move', e);
        }}
      >
        <span
          class="handle move"
          data-testid="handle-move"
          aria-hidden="true"
          onPointerDown={(e) => begin('move', e)}
        />
        {CORNERS.map((corner) => (
          <span
            key={corner}
            class={`handle corner ${corner}`}
            data-testid={`handle-${corner}`}
            aria-hidden="true"
            onPointerDown={(e) => begin(corner, e)}
          />
        ))}
      </div>
    </div>
  );
}
