/**
 * The app icons: renders manifest/icons/color.svg to a 192×192 PNG and outline.svg to a
 * 32×32 white-on-transparent PNG, the sizes and colours Teams requires.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { encodePng } from './png';
import { projectRoot } from '../../src/util/projectRoot';

export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

function render(svgFile: string, size: number) {
  const rendered = new Resvg(fs.readFileSync(svgFile), { fitTo: { mode: 'width', value: size } }).render();
  if (rendered.width !== size || rendered.height !== size) {
    throw new Error(`${svgFile} rendered at ${rendered.width}×${rendered.height}; the icon must be square (${size}×${size}).`);
  }
  return rendered;
}

/** PNG bytes of both icons, rendered from their SVG sources. */
export function renderIcons(root: string = projectRoot()): { color: Buffer; outline: Buffer } {
  const dir = path.join(root, 'manifest', 'icons');
  const color = Buffer.from(render(path.join(dir, 'color.svg'), COLOR_ICON_SIZE).asPng());

  // Anti-aliased edges come out of the renderer slightly off-white; Teams wants the outline
  // icon in pure white, so keep only each pixel's coverage, as alpha over white.
  const outline = render(path.join(dir, 'outline.svg'), OUTLINE_ICON_SIZE);
  const pixels = outline.pixels;
  const rgba = Buffer.alloc(pixels.length, 255);
  for (let i = 3; i < rgba.length; i += 4) rgba[i] = pixels[i]!;
  return { color, outline: encodePng({ width: outline.width, height: outline.height, rgba }) };
}
