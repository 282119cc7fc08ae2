"""What a page shows a person, read in the browser: the texts they read (visible text, titles,
labels of buttons and fields), the links they can follow, whether the page scrolls sideways,
and texts drawn over one another."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

READ_PAGE = r"""() => {
  // Seen by a person: rendered, not hidden, not inside a closed <details>.
  const visible = (el) => el.checkVisibility({visibilityProperty: true,
                                              contentVisibilityAuto: true});
  // Labels drawn by CSS (`content: attr(data-label)` on a phone's stacked table) are text a
  // person reads: make each a real element with the pseudo-element's own style, so it is read
  // and measured like any other text.
  const hide = document.createElement('style');
  hide.textContent = '.walk-before::before{content:none!important}';
  document.head.append(hide);
  for (const el of document.body.querySelectorAll('*')) {
    const pseudo = getComputedStyle(el, '::before');
    let content = pseudo.content;
    if (!content || content === 'none' || content === 'normal') continue;
    const attr = content.match(/^attr\(([\w-]+)\)$/);
    content = attr ? (el.getAttribute(attr[1]) || '') : content.replace(/^"(.*)"$/, '$1');
    if (!content.trim() || pseudo.display === 'none') continue;
    const span = document.createElement('span');
    for (const name of pseudo) span.style.setProperty(name, pseudo.getPropertyValue(name));
    span.textContent = content;
    el.prepend(span);
    el.classList.add('walk-before');
  }
  // What of a text can be seen: its box cut by every ancestor that clips (an overflow that is
  // not visible, a clip, a clip-path), as a visually hidden label is cut to nothing.
  const clips = new Map();
  const clipOf = (el) => {
    if (clips.has(el)) return clips.get(el);
    let box = {l: -1e9, t: -1e9, r: 1e9, b: 1e9};
    if (el.parentElement) box = {...clipOf(el.parentElement)};
    const s = getComputedStyle(el);
    if (s.overflowX !== 'visible' || s.overflowY !== 'visible' || s.clip !== 'auto'
        || s.clipPath !== 'none') {
      const r = el.getBoundingClientRect();
      box = {l: Math.max(box.l, r.left), t: Math.max(box.t, r.top),
             r: Math.min(box.r, r.right), b: Math.min(box.b, r.bottom)};
    }
    clips.set(el, box);
    return box;
  };
  const texts = [];
  const boxes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue.replace(/\s+/g, ' ').trim();
    const el = node.parentElement;
    if (!text || !el || el.closest('script, style, template, noscript')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter(r => r.width > 1 && r.height > 1);
    if (!rects.length || !visible(el)) continue;
    texts.push(text);
    if (el.closest('svg')) continue;  // a chart places its own labels
    const clip = clipOf(el);
    for (const r of rects) {
      const x = Math.max(r.left, clip.l), y = Math.max(r.top, clip.t);
      const w = Math.min(r.right, clip.r) - x, h = Math.min(r.bottom, clip.b) - y;
      if (w > 1 && h > 1) boxes.push({el, text, x, y: y + window.scrollY, w, h});
    }
  }
  for (const el of document.querySelectorAll(
      '[placeholder], [aria-label], [title], img[alt], input[type=submit], input[type=button]')) {
    for (const name of ['placeholder', 'aria-label', 'title', 'alt', 'value']) {
      if (name === 'value' && !['submit', 'button'].includes(el.type)) continue;
      const value = (el.getAttribute(name) || '').replace(/\s+/g, ' ').trim();
      if (value) texts.push(value);
    }
  }
  if (document.title) texts.push(document.title.trim());
  boxes.sort((a, b) => a.y - b.y);
  const overlaps = [];
  for (let i = 0; i < boxes.length && overlaps.length < 5; i++) {
    const a = boxes[i];
    for (let j = i + 1; j < boxes.length && boxes[j].y < a.y + a.h; j++) {
      const b = boxes[j];
      if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
      const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
      const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
      if (w > 3 && h > 3) {
        const where = `(${Math.round(a.y)} px down)`;
        overlaps.push(`${a.text.slice(0, 40)} ⟷ ${b.text.slice(0, 40)} ${where}`);
      }
    }
  }
  const links = [...document.querySelectorAll('a[href]')]
    .filter(a => !a.hasAttribute('download'))
    .map(a => a.href);
  const root = document.documentElement;
  return {texts, links, overlaps, sideways: root.scrollWidth - root.clientWidth};
}"""


@dataclass(frozen=True)
class Reading:
    texts: list[str]
    links: list[str]
    overlaps: list[str]
    sideways: int


def read_page(page: Any) -> Reading:
    found = page.evaluate(READ_PAGE)
    return Reading(
        texts=found["texts"],
        links=found["links"],
        overlaps=found["overlaps"],
        sideways=int(found["sideways"]),
    )
