/**
 * The Teams app manifest: fills the template in manifest/manifest.json from the packaging
 * settings and validates the result against the bundled copy of the official 1.29 schema.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv';
import { projectRoot } from '../../src/util/projectRoot';
import { readPackageSettings, type PackageSettings } from './settings';

export const MANIFEST_SCHEMA_FILE = 'manifest/schema/MicrosoftTeams.v1.29.schema.json';
export const MANIFEST_TEMPLATE_FILE = 'manifest/manifest.json';

/** The parts of a manifest the rest of the project reads; the schema checks the whole. */
export interface TeamsManifest {
  manifestVersion: string;
  version: string;
  id: string;
  validDomains?: string[];
  icons: { color: string; outline: string };
  bots?: Array<{
    botId: string;
    scopes: string[];
    commandLists?: Array<{ scopes: string[]; commands: Array<{ title: string; description?: string }> }>;
  }>;
  [key: string]: unknown;
}

export class ManifestTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestTemplateError';
  }
}

type TemplateValues = PackageSettings & { APP_VERSION: string };

function fill(node: unknown, values: Record<string, string>, where: string): unknown {
  if (typeof node === 'string') {
    return node.replace(/\$\{\{(\w+)\}\}/g, (_match, name: string) => {
      const value = values[name];
      if (value === undefined) {
        throw new ManifestTemplateError(`The manifest template uses \${{${name}}} at ${where || '/'}, which has no value.`);
      }
      return value;
    });
  }
  if (Array.isArray(node)) return node.map((item, i) => fill(item, values, `${where}/${i}`));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v, values, `${where}/${k}`)]));
  }
  return node;
}

/** Reads the manifest template with its ${{NAME}} placeholders still in place. */
export function loadManifestTemplate(root: string = projectRoot()): unknown {
  return JSON.parse(fs.readFileSync(path.join(root, MANIFEST_TEMPLATE_FILE), 'utf8'));
}

function appVersion(root: string): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: string };
  if (!pkg.version) throw new ManifestTemplateError('package.json has no version; the app manifest takes its version from it.');
  return pkg.version;
}

/** Fills the manifest template from the environment; throws PackageConfigError when a variable is missing or malformed. */
export function buildManifest(env: NodeJS.ProcessEnv = process.env, root: string = projectRoot()): TeamsManifest {
  const values: TemplateValues = { ...readPackageSettings(env), APP_VERSION: appVersion(root) };
  return fill(loadManifestTemplate(root), values as unknown as Record<string, string>, '') as TeamsManifest;
}

let compiled: ValidateFunction | undefined;

function schemaValidator(root: string): ValidateFunction {
  if (compiled) return compiled;
  // The schema is draft-04 and uses `format: uri`; strict mode would reject its vendor keywords.
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  const schema = JSON.parse(fs.readFileSync(path.join(root, MANIFEST_SCHEMA_FILE), 'utf8')) as object;
  compiled = ajv.compile(schema);
  return compiled;
}

/** Validates a manifest against the 1.29 schema; returns one readable line per problem, empty when valid. */
export function validateManifest(manifest: unknown, root: string = projectRoot()): string[] {
  const validate = schemaValidator(root);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => {
    const params = e.keyword === 'additionalProperties' ? ` (${(e.params as { additionalProperty: string }).additionalProperty})` : '';
    return `${e.instancePath || '/'}: ${e.message ?? e.keyword}${params}`;
  });
}
