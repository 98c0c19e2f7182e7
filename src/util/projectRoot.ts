/** Finds the project's root (the folder with package.json), from sources or from dist/. */
import fs from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

export function projectRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || !fs.existsSync(path.join(dir, 'cards'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Plan Pulse could not find its project folder above ${__dirname}.`);
    dir = parent;
  }
  cached = dir;
  return dir;
}
