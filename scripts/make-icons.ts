/**
 * `npm run icons`: renders the app icons from their SVG sources in manifest/icons/ to
 * manifest/color.png (192×192) and manifest/outline.png (32×32, white on transparent).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { encodePng } from '../src/packaging/png';
import { projectRoot } from '../src/util/projectRoot';

function render(svgFile: string, size: number): { width: number; height: number; pixels: Buffer; png: Buffer } {
  const rendered = new Resvg(fs.readFileSync(svgFile), { fitTo: { mode: 'width', value: size } }).render();
  if (rendered.width !== size || rendered.height !== size) {
    throw new Error(`${svgFile} rendered at ${rendered.width}×${rendered.height}; the icon must be square (${size}×${size}).`);
  }
  return { width: rendered.width, height: rendered.height, pixels: Buffer.from(rendered.pixels), png: Buffer.from(rendered.asPng()) };
}

function main(): void {
  const dir = path.join(projectRoot(), 'manifest');
  const color = render(path.join(dir, 'icons', 'color.svg'), 192);
  fs.writeFileSync(path.join(dir, 'color.png'), color.png);

  // Anti-aliased edges come out of the renderer slightly off-white; Teams wants the outline
  // icon in pure white, so keep only each pixel's coverage as alpha.
  const outline = render(path.join(dir, 'icons', 'outline.svg'), 32);
  const rgba = Buffer.alloc(outline.pixels.length);
  for (let i = 0; i < rgba.length; i += 4) {
    const alpha = outline.pixels[i + 3]!;
    rgba[i] = rgba[i + 1] = rgba[i + 2] = 255;
    rgba[i + 3] = alpha;
  }
  fs.writeFileSync(path.join(dir, 'outline.png'), encodePng({ width: outline.width, height: outline.height, rgba }));
  console.log('Wrote manifest/color.png (192×192) and manifest/outline.png (32×32).');
}

main();
