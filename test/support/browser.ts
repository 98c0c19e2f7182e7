/**
 * Cards in a real browser: headless Chromium (Debian's package) driven by playwright-core, with
 * the `adaptivecards` library's bundled renderer and a host config modelled on Teams' light
 * theme, in a page styled like a Teams chat. Renders a card, reports what the renderer thought
 * of it, lets a test fill inputs and click buttons, and hands back the Action.Execute payload the
 * renderer produced, exactly as Teams would send it to the bot.
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

export const TEAMS_HOST_CONFIG: Record<string, unknown> = JSON.parse(fs.readFileSync(path.join(__dirname, 'teamsHostConfig.json'), 'utf8'));

/** What the renderer made of a card. */
export interface RenderReport {
  /** Parse and validation problems the adaptivecards library reported. */
  errors: string[];
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

// A Teams chat's look around the card: the grey canvas, the white message bubble, Teams' buttons and inputs.
const PAGE_HTML = `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Plan Pulse card</title>
<style>
  body { margin: 0; background: #F5F5F5; font-family: 'Segoe UI', -apple-system, BlinkMacSystemFont, Roboto, 'Helvetica Neue', sans-serif; color: #242424; }
  #frame { padding: 20px; display: inline-block; }
  #from { font-size: 12px; color: #616161; margin: 0 0 4px 2px; }
  #from b { color: #242424; font-weight: 600; margin-right: 8px; }
  #bubble { width: 520px; background: #FFFFFF; border-radius: 6px; box-shadow: 0 1px 2px rgba(0,0,0,.14), 0 0 2px rgba(0,0,0,.12); overflow: hidden; }
  .ac-pushButton { font-family: inherit; font-size: 14px; font-weight: 600; min-height: 32px; padding: 0 12px; border-radius: 4px; border: 1px solid #D1D1D1; background: #FFFFFF; color: #242424; cursor: pointer; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .ac-pushButton:hover { background: #F5F5F5; }
  .ac-pushButton.style-positive, .ac-pushButton.primary { background: #5B5FC7; border-color: #5B5FC7; color: #FFFFFF; }
  .ac-pushButton.style-destructive { color: #C4314B; }
  .ac-input, .ac-input select, .ac-input input, textarea.ac-input { font-family: inherit; font-size: 14px; color: #242424; }
  .ac-input.ac-textInput, .ac-input.ac-dateInput, select.ac-input { border: 1px solid #E0E0E0; border-bottom-color: #8A8A8A; border-radius: 4px; padding: 6px 8px; background: #FFFFFF; box-sizing: border-box; }
  .ac-input.ac-textInput.ac-multiline { min-height: 72px; resize: vertical; }
  .ac-input-validation-failed { border-color: #C4314B !important; }
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
  window.planPulseRender = (payload, hostConfig) => {
    const card = new AC.AdaptiveCard();
    card.hostConfig = new AC.HostConfig(hostConfig);
    const context = new AC.SerializationContext();
    card.parse(payload, context);
    const errors = [];
    for (let i = 0; i < context.eventCount; i++) {
      const e = context.getEventAt(i);
      if (e.phase !== undefined && e.event !== undefined && e.message) errors.push('parse: ' + e.message);
    }
    for (const e of card.validateProperties().validationEvents) errors.push('validate: ' + e.message);
    card.onExecuteAction = (action) => {
      window.__executed.push({ verb: action.verb, data: JSON.parse(JSON.stringify(action.data || {})), title: action.title });
    };
    const host = document.getElementById('card');
    host.innerHTML = '';
    const element = card.render();
    if (!element) return { errors: errors.concat('render: the card rendered to nothing'), text: '', width: 0, height: 0 };
    host.appendChild(element);
    const box = host.getBoundingClientRect();
    return { errors, text: host.innerText, width: box.width, height: box.height };
  };
})();
`;

export interface CardPage {
  page: Page;
  render(card: unknown): Promise<RenderReport>;
  /** Clicks the button with this title; returns the Action.Execute it produced, if any. */
  click(title: string): Promise<ExecutedAction | undefined>;
  /** Saves a PNG of the message bubble (with the sender line) to `file`. */
  screenshot(file: string): Promise<void>;
  close(): Promise<void>;
}

export async function openCardPage(browser: Browser, hostConfig: Record<string, unknown> = TEAMS_HOST_CONFIG): Promise<CardPage> {
  const page = await browser.newPage({ viewport: { width: 600, height: 900 }, deviceScaleFactor: 1, locale: 'en-GB' });
  await page.setContent(PAGE_HTML);
  await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.min.js') });
  await page.addScriptTag({ content: PAGE_SCRIPT });
  return {
    page,
    async render(card) {
      return page.evaluate(([c, h]) => (window as unknown as { planPulseRender(c: unknown, h: unknown): RenderReport }).planPulseRender(c, h), [card, hostConfig] as const);
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
