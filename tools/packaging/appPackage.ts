/**
 * The Teams app package: a zip with manifest.json, color.png and outline.png at its root,
 * which an administrator uploads in the Teams admin center or sideloads.
 */
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { projectRoot } from '../../src/util/projectRoot';
import { buildManifest, validateManifest } from './manifest';

export const APP_PACKAGE_FILE = 'build/appPackage.zip';

export class ManifestInvalidError extends Error {
  constructor(readonly problems: string[]) {
    super(`The filled Teams app manifest does not validate against the 1.29 schema.\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ManifestInvalidError';
  }
}

/** Builds the zip bytes; throws PackageConfigError for bad environment values, ManifestInvalidError for a manifest the schema rejects. */
export async function buildAppPackage(env: NodeJS.ProcessEnv = process.env, root: string = projectRoot()): Promise<Buffer> {
  const manifest = buildManifest(env, root);
  const problems = validateManifest(manifest, root);
  if (problems.length > 0) throw new ManifestInvalidError(problems);
  const zip = new JSZip();
  // A fixed date keeps the zip's bytes the same for the same inputs.
  const date = new Date('2024-01-01T00:00:00Z');
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, { date });
  for (const icon of [manifest.icons.color, manifest.icons.outline]) {
    zip.file(icon, fs.readFileSync(path.join(root, 'manifest', icon)), { date });
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Builds the package and writes it to build/appPackage.zip (or `outFile`); returns the path written. */
export async function writeAppPackage(
  env: NodeJS.ProcessEnv = process.env,
  root: string = projectRoot(),
  outFile: string = path.join(root, APP_PACKAGE_FILE),
): Promise<string> {
  const bytes = await buildAppPackage(env, root);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, bytes);
  return outFile;
}
