/**
 * What a person checks on a kiosk screen, checked in the page: every actionable element on screen or
 * in a region that scrolls, none overlapping another, touch targets ≥ 80 px, text ≥ 24 px; then
 * axe-core for serious and critical accessibility violations; then a screenshot for a person to look at.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AuditOptions {
  /** Smallest side of a touch target, px. */
  minTarget?: number;
  /** Smallest font size of any visible text, px. */
  minFont?: number;
  /** Elements whose buttons must lie wholly on screen, not merely in a scrolling region (the main actions). */
  mustShow?: string;
  /** Save the whole scrolled page, for screens that scroll as a whole (host mode). */
  fullPage?: boolean;
}

/** The geometry checks, run inside the page; answers one line per problem. */
function geometry(opts: { minTarget: number; minFont: number; mustShow: string }): string[] {
  const problems: string[] = [];
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  const label = (el: Element) =>
    (el.getAttribute('aria-label') || el.textContent || el.tagName).replace(/\s+/g, ' ').trim().slice(0, 24);
  const visible = (el: Element) => {
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none';
  };
  const scrollers = (el: Element) => {
    const out: Element[] = [];
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const cs = getComputedStyle(p);
      if (/(auto|scroll|hidden)/.test(cs.overflowY) || /(auto|scroll|hidden)/.test(cs.overflowX)) out.push(p);
    }
    return out;
  };
  const docScrolls = document.scrollingElement!.scrollHeight > vh + 1;
  type Box = { el: Element; left: number; top: number; right: number; bottom: number };
  /** The part of an element not clipped away by the regions it scrolls in. */
  const clipped = (el: Element): Box | null => {
    const r = el.getBoundingClientRect();
    let box = { el, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    for (const s of scrollers(el)) {
      const c = s.getBoundingClientRect();
      box = {
        el,
        left: Math.max(box.left, c.left),
        top: Math.max(box.top, c.top),
        right: Math.min(box.right, c.right),
        bottom: Math.min(box.bottom, c.bottom),
      };
    }
    return box.right - box.left > 1 && box.bottom - box.top > 1 ? box : null;
  };
  const actionable = [
    ...document.querySelectorAll('button, a[href], input, select, textarea, [role="button"], [role="tab"]'),
  ].filter((el) => visible(el) && !el.closest('[inert]'));
  const boxes: Box[] = [];
  for (const el of actionable) {
    const r = el.getBoundingClientRect();
    const name = label(el);
    if (r.left < -1 || r.right > vw + 1)
      problems.push(`"${name}" is off screen sideways (${r.left | 0}–${r.right | 0})`);
    const regions = scrollers(el).filter((s) => /(auto|scroll)/.test(getComputedStyle(s).overflowY));
    if (r.top < -1 || r.bottom > vh + 1) {
      if (!regions.length && !docScrolls)
        problems.push(`"${name}" is off screen (${r.top | 0}–${r.bottom | 0}) and nothing scrolls`);
    }
    if (el.closest(opts.mustShow) && (r.top < -1 || r.bottom > vh + 1))
      problems.push(`main action "${name}" is not on screen (${r.top | 0}–${r.bottom | 0} of ${vh})`);
    if (Math.min(r.width, r.height) < opts.minTarget - 0.5)
      problems.push(`"${name}" is a small target (${r.width | 0}×${r.height | 0})`);
    const box = clipped(el);
    if (box) boxes.push(box);
    // A label breaks only between words: each Latin word of a button's text stays on one line.
    if (el.tagName === 'BUTTON') {
      const range = document.createRange();
      const texts = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let t = texts.nextNode(); t; t = texts.nextNode()) {
        for (const m of (t.textContent ?? '').matchAll(/[A-Za-z]{2,}/g)) {
          range.setStart(t, m.index);
          range.setEnd(t, m.index + m[0].length);
          const tops = new Set([...range.getClientRects()].map((q) => Math.round(q.top)));
          if (tops.size > 1) problems.push(`"${name}" breaks the word "${m[0]}" across lines`);
        }
      }
    }
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 2 && h > 2) problems.push(`"${label(a.el)}" overlaps "${label(b.el)}" (${w | 0}×${h | 0})`);
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const small = new Set<Element>();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || !n.textContent?.trim() || small.has(el) || el.closest('[aria-hidden="true"], svg, script, style'))
      continue;
    if (!visible(el)) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < opts.minFont - 0.1) {
      small.add(el);
      problems.push(`"${label(el)}" is set in ${size.toFixed(1)} px`);
    }
  }
  return problems;
}

/** Runs the checks and axe on the page as it is now, and saves its screenshot as `dir/name.png`. */
export async function auditPage(page: Page, dir: string, name: string, options: AuditOptions = {}): Promise<string[]> {
  const opts = { minTarget: 80, minFont: 24, mustShow: '.actions', ...options };
  // Let the layout settle (fonts, the tiles' fit, live queries) before measuring.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const problems = await page.evaluate(geometry, {
    minTarget: opts.minTarget,
    minFont: opts.minFont,
    mustShow: opts.mustShow,
  });
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const result = await axe.run(document, {
      resultTypes: ['violations'],
      // A shared public kiosk blocks pinch-zoom on purpose (a zoomed screen would greet the next courier);
      // large text is the kiosk's answer instead. Every other rule applies.
      rules: { 'meta-viewport': { enabled: false } },
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `axe ${v.id} (${v.impact}): ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')}`,
      );
  });
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: opts.fullPage ?? false });
  return [...problems, ...violations].map((p) => `${name}: ${p}`);
}
