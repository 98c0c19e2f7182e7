/** The Teams app manifest and package: schema-valid, with the documented commands, icons and refusals. */
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { buildManifest, validateManifest, loadManifestTemplate } from '../../tools/packaging/manifest';
import { buildAppPackage } from '../../tools/packaging/appPackage';
import { PackageConfigError } from '../../tools/packaging/settings';
import { decodePng, readPngSize } from '../../tools/packaging/png';
import { renderIcons } from '../../tools/packaging/icons';
import { projectRoot } from '../../src/util/projectRoot';

const BOT_ID = '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
const ENV = { MicrosoftAppId: BOT_ID, BOT_DOMAIN: 'planpulse-bot.azurewebsites.net' };

function commandsFor(manifest: ReturnType<typeof buildManifest>, scope: string) {
  const lists = manifest.bots?.[0]?.commandLists ?? [];
  return lists.filter((l) => l.scopes.includes(scope)).flatMap((l) => l.commands);
}

// The chat commands as the design states them; read from the shared design beside the
// clone so a command added there and not here fails this test.
const FALLBACK_COMMANDS_LINE =
  '`help`, `my actions`, `update <ref>`, `<ref> <brag> <text>` (quick update, e.g. `2.4 amber waiting for ICB sign-off`), `status [group]`, `digest` (chairs), `link <group name>` (in a channel: binds the channel to the group).';

function designChatCommands(): Array<{ syntax: string; inChannel: boolean }> {
  const designFile = path.resolve(projectRoot(), '..', 'shared', 'DESIGN.md');
  let section = FALLBACK_COMMANDS_LINE;
  if (fs.existsSync(designFile)) {
    const design = fs.readFileSync(designFile, 'utf8');
    const match = /### Chat commands[^\n]*\n([\s\S]*?)\n(?:#|\n)/.exec(design);
    if (!match) throw new Error('DESIGN.md has no "### Chat commands" section.');
    section = match[1]!.replace(/\n/g, ' ');
  }
  const commands: Array<{ syntax: string; inChannel: boolean }> = [];
  const item = /`([^`]+)`\s*(\(([^()]*(?:\([^()]*\))?[^()]*)\))?/g;
  for (const m of section.matchAll(item)) {
    commands.push({ syntax: m[1]!, inChannel: /in a channel/i.test(m[3] ?? '') });
  }
  return commands;
}

describe('the Teams app manifest', () => {
  it('fills the template into a manifest that validates against the Teams 1.29 schema', () => {
    const manifest = buildManifest(ENV);
    expect(validateManifest(manifest)).toEqual([]);
    expect(manifest.manifestVersion).toBe('1.29');
    expect(manifest.id).toBe(BOT_ID);
    expect(manifest.bots?.[0]?.botId).toBe(BOT_ID);
    expect(manifest.bots?.[0]?.scopes.sort()).toEqual(['personal', 'team']);
    expect(manifest.validDomains).toEqual(['planpulse-bot.azurewebsites.net']);
    // The bot's own app registration, whose Graph permissions the administrator consents to.
    expect((manifest as { webApplicationInfo?: unknown }).webApplicationInfo).toEqual({ id: BOT_ID, resource: `api://botid-${BOT_ID}` });
    expect(JSON.stringify(manifest)).not.toContain('${{');
  });

  it('reports each schema violation with its place in the manifest', () => {
    const manifest = buildManifest(ENV) as Record<string, unknown>;
    const broken = { ...manifest, accentColor: 'teal', bots: [{ botId: 'not-a-guid', scopes: ['personal'] }] };
    const problems = validateManifest(broken);
    expect(problems.some((p) => p.startsWith('/accentColor:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('/bots/0/botId:'))).toBe(true);
  });

  it('takes the app id from TEAMS_APP_ID when set and keeps the bot id from MicrosoftAppId', () => {
    const appId = '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
    const manifest = buildManifest({ ...ENV, TEAMS_APP_ID: appId });
    expect(manifest.id).toBe(appId);
    expect(manifest.bots?.[0]?.botId).toBe(BOT_ID);
    expect(validateManifest(manifest)).toEqual([]);
  });

  it('points privacy and terms at the bot domain unless PRIVACY_URL and TERMS_URL say otherwise', () => {
    const byDefault = buildManifest(ENV).developer as Record<string, string>;
    expect(byDefault.privacyUrl).toBe('https://planpulse-bot.azurewebsites.net/privacy');
    expect(byDefault.termsOfUseUrl).toBe('https://planpulse-bot.azurewebsites.net/terms');
    const configured = buildManifest({
      ...ENV,
      PRIVACY_URL: 'https://www.plymouth.gov.uk/privacy-notice',
      TERMS_URL: 'https://www.plymouth.gov.uk/terms',
    }).developer as Record<string, string>;
    expect(configured.privacyUrl).toBe('https://www.plymouth.gov.uk/privacy-notice');
    expect(configured.termsOfUseUrl).toBe('https://www.plymouth.gov.uk/terms');
  });

  it('lists every chat command of the design in the personal command list, and channel commands in the team list', () => {
    const manifest = buildManifest(ENV);
    const personal = commandsFor(manifest, 'personal').map((c) => c.title);
    const team = commandsFor(manifest, 'team').map((c) => c.title);
    const design = designChatCommands();
    expect(design.length).toBeGreaterThanOrEqual(7);
    for (const { syntax, inChannel } of design) {
      const keyword = syntax.split(/\s*[<[]/)[0]!.trim();
      const titles = inChannel ? team : personal;
      if (keyword === '') {
        // The quick update has no keyword: the manifest shows it as a worked example.
        expect(titles.some((t) => /^\d+(\.\d+)* (blue|green|amber|red) \S/.test(t))).toBe(true);
      } else {
        expect(titles).toContain(keyword);
      }
    }
    expect(personal).toContain('away until');
  });

  it('keeps command titles within 32 and descriptions within 128 characters, as Teams displays them', () => {
    const manifest = buildManifest(ENV);
    const all = [...commandsFor(manifest, 'personal'), ...commandsFor(manifest, 'team')];
    expect(all.length).toBeGreaterThan(0);
    for (const command of all) {
      expect(command.title.length).toBeLessThanOrEqual(32);
      expect((command.description ?? '').length).toBeGreaterThan(0);
      expect((command.description ?? '').length).toBeLessThanOrEqual(128);
    }
  });

  it('keeps its placeholders in the committed template rather than real ids', () => {
    const template = JSON.stringify(loadManifestTemplate());
    expect(template).toContain('${{MicrosoftAppId}}');
    expect(template).toContain('${{BOT_DOMAIN}}');
    expect(template).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
  });
});

describe('the Teams app package', () => {
  it('holds exactly manifest.json, a 192×192 color.png and a 32×32 white-on-transparent outline.png', async () => {
    const zip = await JSZip.loadAsync(await buildAppPackage(ENV));
    const names = Object.values(zip.files).filter((f) => !f.dir).map((f) => f.name).sort();
    expect(names).toEqual(['color.png', 'manifest.json', 'outline.png']);

    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(manifest).toEqual(buildManifest(ENV));
    expect(validateManifest(manifest)).toEqual([]);

    const color = await zip.file('color.png')!.async('nodebuffer');
    expect(readPngSize(color)).toEqual({ width: 192, height: 192 });

    const outline = decodePng(await zip.file('outline.png')!.async('nodebuffer'));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let drawn = 0;
    let transparent = 0;
    for (let i = 0; i < outline.rgba.length; i += 4) {
      const [r, g, b, a] = outline.rgba.subarray(i, i + 4);
      if (a === 0) {
        transparent++;
        continue;
      }
      expect([r, g, b]).toEqual([255, 255, 255]);
      drawn++;
    }
    // A real glyph: some pixels drawn, most of the square left transparent.
    expect(drawn).toBeGreaterThan(30);
    expect(transparent).toBeGreaterThan(32 * 32 / 2);
  });

  it('draws the colour icon opaque, in the accent colour behind the glyph', async () => {
    const manifest = buildManifest(ENV);
    const color = decodePng(fs.readFileSync(path.join(projectRoot(), 'manifest', 'color.png')));
    const centreLeft = (96 * 192 + 12) * 4;
    const accent = String(manifest.accentColor).slice(1).match(/../g)!.map((h) => parseInt(h, 16));
    expect([...color.rgba.subarray(centreLeft, centreLeft + 4)]).toEqual([...accent, 255]);
  });

  it('ships icons that are the current rendering of their SVG sources (run npm run icons after editing them)', () => {
    const rendered = renderIcons();
    const dir = path.join(projectRoot(), 'manifest');
    expect(rendered.color.equals(fs.readFileSync(path.join(dir, 'color.png')))).toBe(true);
    expect(rendered.outline.equals(fs.readFileSync(path.join(dir, 'outline.png')))).toBe(true);
  });

  it.each([
    ['a missing MicrosoftAppId', { BOT_DOMAIN: ENV.BOT_DOMAIN }, /MicrosoftAppId is missing/],
    ['a MicrosoftAppId that is not a GUID', { ...ENV, MicrosoftAppId: 'plan-pulse-bot' }, /MicrosoftAppId must be .*GUID.*\(got "plan-pulse-bot"\)/],
    ['a missing BOT_DOMAIN', { MicrosoftAppId: BOT_ID }, /BOT_DOMAIN is missing/],
    ['a BOT_DOMAIN with https://', { ...ENV, BOT_DOMAIN: 'https://planpulse-bot.azurewebsites.net' }, /BOT_DOMAIN must be a bare host name .*without https:\/\//],
    ['a BOT_DOMAIN with a path', { ...ENV, BOT_DOMAIN: 'planpulse-bot.azurewebsites.net/api/messages' }, /BOT_DOMAIN must be a bare host name/],
  ])('refuses to build with %s, naming the variable', async (_case, env, message) => {
    const attempt = buildAppPackage(env);
    await expect(attempt).rejects.toBeInstanceOf(PackageConfigError);
    await expect(attempt).rejects.toThrow(message);
  });
});
