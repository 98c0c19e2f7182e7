/**
 * `npm run icons`: renders the app icons from their SVG sources in manifest/icons/ to
 * manifest/color.png (192×192) and manifest/outline.png (32×32, white on transparent).
 */
import fs from 'node:fs';
import path from 'node:path';
import { renderIcons } from './packaging/icons';
import { projectRoot } from '../src/util/projectRoot';

const dir = path.join(projectRoot(), 'manifest');
const { color, outline } = renderIcons();
fs.writeFileSync(path.join(dir, 'color.png'), color);
fs.writeFileSync(path.join(dir, 'outline.png'), outline);
console.log('Wrote manifest/color.png (192×192) and manifest/outline.png (32×32).');
