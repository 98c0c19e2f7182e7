/**
 * Cards in a real browser: headless Chromium (Debian's package) driven by playwright-core, with
 * the `adaptivecards` library's bundled renderer and Teams' own host configs (light, dark, high
 * contrast: see test/browser/hostConfigs/README.md), in a page styled like a Teams chat of that
 * theme. Renders a card, reports what the renderer thought of it, measures the contrast of every
 * visible piece of text, lets a test fill inputs and click buttons, and hands back the
 * Action.Execute payload the renderer produced, exactly as Teams would send it to the bot.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export type TeamsTheme = 'light' | 'dark' | 'contrast';
export const TEAMS_THEMES: readonly TeamsTheme[] = ['light', 'dark', 'contrast'];

const HOST_CONFIG_FILES: Record<TeamsTheme, string> = {
  light: 'microsoft-teams-light.json',
  dark: 'microsoft-teams-dark.json',
  contrast: 'teams-high-contrast.json',
};

/** The host config Teams uses for a theme (Microsoft's published files; ours for high contrast). */
export function teamsHostConfig(theme: TeamsTheme): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '../browser/hostConfigs', HOST_CONFIG_FILES[theme]), 'utf8'));
}

export const TEAMS_HOST_CONFIG: Record<string, unknown> = teamsHostConfig('light');

/** A piece of text whose contrast against the background it is drawn on is below WCAG AA. */
export interface ContrastFailure {
  text: string;
  foreground: string;
  background: string;
  ratio: number;
  /** 4.5, or 3 for large text (24px, or 18.66px bold). */
  required: number;
}

/** What the renderer made of a card. */
export interface RenderReport {
  /** Parse and validation problems the adaptivecards library reported. */
  errors: string[];
  /** Teams-only elements (native charts) the renderer replaced with their fallback, by type. */
  fallbacks: string[];
  /** The rendered card's visible text. */
  text: string;
  width: number;
  height: number;
}

/** An Action.Execute click, as the renderer hands it to the host. */
export interface ExecutedAction {
  verb: string;
  data: Record<string, unknown>;
  title?: string;
}

export function chromiumAvailable(): boolean {
  return fs.existsSync(CHROMIUM_PATH);
}

export async function launchChromium(): Promise<Browser> {
  if (!chromiumAvailable()) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: install Debian's package (apt-get install chromium), as .ci/run does.`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A Teams chat's colours around the card, per theme: canvas, muted text, buttons, inputs. */
const CHROME: Record<TeamsTheme, Record<string, string>> = {
  light: { canvas: '#F5F5F5', text: '#242424', muted: '#616161', bubble: '#FFFFFF', button: '#FFFFFF', buttonText: '#242424', border: '#D1D1D1', primary: '#5B5FC7', primaryText: '#FFFFFF', input: '#FFFFFF', inputBorder: '#8A8A8A', danger: '#C4314B' },
  dark: { canvas: '#1F1F1F', text: '#FFFFFF', muted: '#ADADAD', bubble: '#2D2C2C', button: '#292929', buttonText: '#FFFFFF', border: '#666666', primary: '#4F52B2', primaryText: '#FFFFFF', input: '#1F1F1F', inputBorder: '#ADADAD', danger: '#F9526B' },
  contrast: { canvas: '#000000', text: '#FFFFFF', muted: '#FFFFFF', bubble: '#000000', button: '#000000', buttonText: '#FFFFFF', border: '#FFFFFF', primary: '#1AEBFF', primaryText: '#000000', input: '#000000', inputBorder: '#FFFFFF', danger: '#FFFFFF' },
};

// A Teams chat's look around the card: the canvas, the message bubble, Teams' buttons and inputs.
const pageHtml = (c: Record<string, string>) => `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Plan Pulse card</title>
<style>
  body { margin: 0; background: ${c.canvas}; font-family: 'Segoe UI', -apple-system, BlinkMacSystemFont, Roboto, 'Helvetica Neue', sans-serif; color: ${c.text}; }
  #frame { padding: 20px; display: inline-block; }
  #from { font-size: 12px; color: ${c.muted}; margin: 0 0 4px 2px; }
  #from b { color: ${c.text}; font-weight: 600; margin-right: 8px; }
  #bubble { width: 520px; background: ${c.bubble}; border-radius: 6px; box-shadow: 0 1px 2px rgba(0,0,0,.14), 0 0 2px rgba(0,0,0,.12); overflow: hidden; }
  .ac-pushButton { font-family: inherit; font-size: 14px; font-weight: 600; min-height: 32px; padding: 0 12px; border-radius: 4px; border: 1px solid ${c.border}; background: ${c.button}; color: ${c.buttonText}; cursor: pointer; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .ac-pushButton.style-positive, .ac-pushButton.primary { background: ${c.primary}; border-color: ${c.primary}; color: ${c.primaryText}; }
  .ac-pushButton.style-destructive { color: ${c.danger}; }
  .ac-input, .ac-input select, .ac-input input, textarea.ac-input { font-family: inherit; font-size: 14px; color: ${c.text}; background: ${c.input}; }
  .ac-input.ac-textInput, .ac-input.ac-dateInput, select.ac-input { border: 1px solid ${c.border}; border-bottom-color: ${c.inputBorder}; border-radius: 4px; padding: 6px 8px; background: ${c.input}; box-sizing: border-box; }
  .ac-input.ac-textInput.ac-multiline { min-height: 72px; resize: vertical; }
  .ac-input-validation-failed { border-color: ${c.danger} !important; }
  .ac-textBlock p { margin: 0; }
</style></head>
<body><div id="frame"><div id="from"><b>Plan Pulse</b>Today</div><div id="bubble"><div id="card"></div></div></div></body></html>`;

// Runs in the page: Teams' basic markdown (bold, italic, line breaks) and the rendering itself.
const PAGE_SCRIPT = `
(() => {
  const AC = window.AdaptiveCards;
  const escape = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = escape(text)
      .replace(/\\*\\*(.+?)\\*\\*/g, '<strong>$1</strong>')
      .replace(/(^|\\s)_(.+?)_(?=\\s|$)/g, '$1<em>$2</em>')
      .replace(/\\n/g, '<br>');
    result.didProcess = true;
  };
  window.__executed = [];
  // WCAG 2.2 relative luminance and contrast, with translucent colours composited over what is
  // beneath them (the host configs use #AARRGGBB for subtle text and some backgrounds).
  const parse = (css) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(css);
    if (!m) throw new Error('A colour the contrast check cannot read: ' + css);
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const channel = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const hex = (c) => '#' + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('').toUpperCase();
  /** The opaque colour an element's content is drawn on: its own and its ancestors' backgrounds, composited. */
  const backgroundOf = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let colour = { r: 255, g: 255, b: 255, a: 1 };
    for (let i = layers.length - 1; i >= 0; i--) colour = over(layers[i], colour);
    return colour;
  };
  window.planPulseContrast = () => {
    const failures = [];
    const seen = new Set();
    const walker = document.createTreeWalker(document.getElementById('card'), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || seen.has(element) || node.textContent.trim() === '') continue;
      seen.add(element);
      const style = getComputedStyle(element);
      const box = element.getBoundingClientRect();
      if (style.visibility !== 'visible' || style.display === 'none' || box.width === 0 || box.height === 0) continue;
      const background = backgroundOf(element);
      const foreground = over(parse(style.color), background);
      const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
      const ratio = (light + 0.05) / (dark + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const required = large ? 3 : 4.5;
      if (ratio < required) {
        failures.push({ text: element.innerText.trim().slice(0, 80), foreground: hex(foreground), background: hex(background), ratio: Math.round(ratio * 100) / 100, required });
      }
    }
    return failures;
  };
  window.planPulseRender = (payload, hostConfig) => {
    const card = new AC.AdaptiveCard();
    card.hostConfig = new AC.HostConfig(hostConfig);
    const context = new AC.SerializationContext();
    card.parse(payload, context);
    const errors = [];
    const fallbacks = [];
    for (let i = 0; i < context.eventCount; i++) {
      const e = context.getEventAt(i);
      // Teams' native charts are unknown to this renderer, which shows their fallback instead.
      const chart = /^Unknown element type "(Chart\\.[A-Za-z.]+)"/.exec(e.message || '');
      if (chart) fallbacks.push(chart[1]);
      else if (e.phase !== undefined && e.event !== undefined && e.message) errors.push('parse: ' + e.message);
    }
    for (const e of card.validateProperties().validationEvents) errors.push('validate: ' + e.message);
    card.onExecuteAction = (action) => {
      window.__executed.push({ verb: action.verb, data: JSON.parse(JSON.stringify(action.data || {})), title: action.title });
    };
    const host = document.getElementById('card');
    host.innerHTML = '';
    const element = card.render();
    if (!element) return { errors: errors.concat('render: the card rendered to nothing'), fallbacks, text: '', width: 0, height: 0 };
    host.appendChild(element);
    const box = host.getBoundingClientRect();
    return { errors, fallbacks, text: host.innerText, width: box.width, height: box.height };
  };
})();
`;

export interface CardPage {
  page: Page;
  render(card: unknown): Promise<RenderReport>;
  /** Every visible piece of the rendered card's text below WCAG AA contrast against its background. */
  contrastFailures(): Promise<ContrastFailure[]>;
  /** Clicks the button with this title; returns the Action.Execute it produced, if any. */
  click(title: string): Promise<ExecutedAction | undefined>;
  /** Saves a PNG of the message bubble (with the sender line) to `file`. */
  screenshot(file: string): Promise<void>;
  close(): Promise<void>;
}

/** A page showing cards as Teams does in `theme` (light by default), with Teams' host config for it. */
export async function openCardPage(browser: Browser, theme: TeamsTheme = 'light'): Promise<CardPage> {
  const hostConfig = teamsHostConfig(theme);
  const page = await browser.newPage({ viewport: { width: 600, height: 900 }, deviceScaleFactor: 1, locale: 'en-GB' });
  await page.setContent(pageHtml(CHROME[theme]));
  await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.min.js') });
  await page.addScriptTag({ content: PAGE_SCRIPT });
  return {
    page,
    async render(card) {
      return page.evaluate(([c, h]) => (window as unknown as { planPulseRender(c: unknown, h: unknown): RenderReport }).planPulseRender(c, h), [card, hostConfig] as const);
    },
    async contrastFailures() {
      return page.evaluate(() => (window as unknown as { planPulseContrast(): ContrastFailure[] }).planPulseContrast());
    },
    async click(title) {
      const before = await page.evaluate(() => (window as unknown as { __executed: ExecutedAction[] }).__executed.length);
      await page.locator('#card').getByRole('button', { name: title, exact: true }).first().click();
      const executed = await page.evaluate(() => (window as unknown as { __executed: ExecutedAction[] }).__executed);
      return executed.length > before ? executed[executed.length - 1] : undefined;
    },
    async screenshot(file) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await page.locator('#frame').screenshot({ path: file });
    },
    async close() {
      await page.close();
    },
  };
}
