/**
 * The response page's routes, registered apart from the bot's endpoint: GET /respond/{token}
 * (the person's actions, or one action's form with ?ref=), POST /respond/{token} (an update,
 * recorded through submitUpdate under the same rules as the card), the page's assets, and,
 * on a developer's machine, /dev/mail. Forms are read here (urlencoded, 64 KB at most); the
 * link is checked on every request (against the withdrawals marker read afresh, so a revoked
 * link stops at once), the form's CSRF token on every post, and every answer carries a strict
 * Content-Security-Policy and no referrer. The link, the plan, its people and the action rows
 * are read through the cache the Teams handlers use (src/storage/cachedReads.ts), so a page
 * and its post cost a link read, the marker's reads (shared by the requests that arrive
 * together) and one transaction writing the update with its action.
 */
import fs from 'node:fs';
import { updatedSince } from '../facts/updates';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type restify from 'restify';
import type { Clock } from '../domain/clock';
import { isArchived, type Action, type Person } from '../domain/model';
import { isOpenAction } from '../domain/actions';
import type { Store } from '../storage/store';
import { actionRowOf, peopleOf, planOf as cachedPlanOf, rememberActionRow, responseLinkOf, type ReadCache } from '../storage/cachedReads';
import type { Stored } from '../storage/tableStore';
import type { ResponseLink } from '../storage/responseLinkRepository';
import { authoriseUpdate, submitUpdate, type UpdateHooks } from '../updates/submitUpdate';
import { isRealDate } from '../updates/updateInput';
import { formatPlanDate } from '../cards/format';
import type { ResponseLinks } from './links';
import { ASSETS, esc, formPage, layout, listPage, problemPage, type FormView, type LinkProblem } from './page';
import { RateLimiter } from './rateLimit';
import { decideFromForm, decisionRefusedPage, decisionsPage, loadDecisions } from './decisions';
import { measureFormPage, measureGrantOf } from './measurePage';
import { authoriseMeasureValue, submitMeasureValue, type MeasureFieldErrors, type MeasureFormValues } from '../measures/submitValue';
import { parsePeriod } from '../measures/periods';
import { periodName } from '../cards/measures';

export interface RespondDeps {
  store: Store;
  /** The process's read cache, shared with the Teams handlers. */
  cache: ReadCache;
  clock: Clock;
  timeZone: string;
  links: ResponseLinks;
  hooks?: UpdateHooks;
  /** Show /dev/mail (embedded store, auth off, mail captured). */
  devMail?: boolean;
  /** Requests per link per minute; failed link checks per client address per minute. */
  limits?: { perLink?: number; perClient?: number };
  log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

const MAX_FORM_BYTES = 64 * 1024;

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex, nofollow',
};

function sendHtml(res: restify.Response, status: number, html: string): void {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.sendRaw(status, html);
}

/** After a post: the page to show next, fetched with a GET (so reloading it sends nothing again). */
function seeOther(res: restify.Response, location: string): void {
  res.setHeader('location', location);
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
  res.send(303);
}

const PROBLEM_STATUS: Record<LinkProblem, number> = { invalid: 404, expired: 410, revoked: 410, answered: 410, form: 403, rateLimited: 429, notYours: 404 };

function sendProblem(res: restify.Response, problem: LinkProblem): void {
  if (problem === 'rateLimited') res.setHeader('retry-after', '60');
  sendHtml(res, PROBLEM_STATUS[problem], problemPage(problem));
}

/** The urlencoded form, read here rather than by a server-wide parser (the bot's endpoint takes JSON only). */
function readForm(req: restify.Request): Promise<URLSearchParams | 'tooLarge' | 'notAForm'> {
  const type = (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return Promise.resolve('notAForm');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) {
        resolve('tooLarge');
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

interface Opened {
  link: ResponseLink;
  person: Person;
  planName: string;
  /** The actions the link opens, or only the one asked for. */
  actions: Action[];
  /** The plan's people: whom a delegate acts for. */
  people: Map<string, Person>;
  /** The named action's row as read, so a submit writes under its ETag without reading it again. */
  stored?: Stored<Action>;
}

/** Whether a link covers an action: its group's open actions for a cycle link, its list for a chase. */
const covers = (link: ResponseLink, a: Action) =>
  link.kind === 'cycle' && link.groupId ? a.groupId === link.groupId && (isOpenAction(a) || link.refs.includes(a.ref)) : link.refs.includes(a.ref);

/**
 * The actions a link opens for its person: all of them, or (cheaper, for a form or a post)
 * the one named, each only if the person may update it (a lead, or a lead's delegate).
 */
async function actionsOf(
  deps: RespondDeps,
  link: ResponseLink,
  person: Person,
  people: Map<string, Person>,
  ref?: string,
  named?: Promise<Stored<Action> | undefined>,
): Promise<Action[]> {
  let actions: Action[];
  if (ref !== undefined) {
    const one = await (named ?? actionRowOf(deps, link.planId, ref));
    actions = one ? [one.value] : [];
  } else if (link.kind === 'cycle' && link.groupId) {
    actions = await deps.store.plans.listActionsOfGroup(link.planId, link.groupId);
  } else {
    actions = (await Promise.all(link.refs.map((r) => actionRowOf(deps, link.planId, r)))).filter((r) => r !== undefined).map((r) => r.value);
  }
  return actions.filter((a) => covers(link, a) && authoriseUpdate(a, person, people).ok);
}

export function registerRespondRoutes(server: restify.Server, deps: RespondDeps): void {
  const perLink = new RateLimiter(deps.limits?.perLink ?? 60, 60_000);
  const perClient = new RateLimiter(deps.limits?.perClient ?? 30, 60_000);
  const clientOf = (req: restify.Request) => req.socket.remoteAddress ?? 'unknown';

  // An archived plan's links stop working: at once when this process archived it, within
  // PLANPULSE_CACHE_SECONDS when the command line or another instance did.
  const planOf = async (planId: string): Promise<{ name: string; archived: boolean } | undefined> => {
    const plan = await cachedPlanOf(deps, planId);
    return plan ? { name: plan.name, archived: isArchived(plan) } : undefined;
  };

  /** Checks the link and loads what it opens (all its actions, or the one named); answers the request itself when it cannot go on. */
  const open = async (req: restify.Request, res: restify.Response, ref?: string): Promise<Opened | undefined> => {
    const token = String((req.params as { token?: string }).token ?? '');
    const checked = await deps.links.check(token, deps.clock.now(), (hash) => responseLinkOf(deps, hash));
    if (!checked.ok) {
      // Only failed checks count against a client: guessing costs the guesser, not the lead.
      if (!perClient.take(clientOf(req))) return void sendProblem(res, 'rateLimited');
      return void sendProblem(res, checked.reason);
    }
    if (!perLink.take(checked.link.hash)) return void sendProblem(res, 'rateLimited');
    const link = checked.link;
    // The named action is read alongside the person and the plan: one round of reads, not two.
    const named = ref !== undefined && ref !== '' && link.kind !== 'decisions' ? actionRowOf(deps, link.planId, ref) : undefined;
    const [people, plan, stored] = await Promise.all([peopleOf(deps, link.planId), planOf(link.planId), named]);
    const person = people.get(link.personId);
    // An archived plan's links are withdrawn with it.
    if (!person || !plan || plan.archived) return void sendProblem(res, 'revoked');
    if (link.kind === 'decisions') return { link, person, planName: plan.name, actions: [], people };
    const actions = await actionsOf(deps, link, person, people, ref, named && Promise.resolve(stored));
    return { link, person, planName: plan.name, actions, people, stored: stored && actions.some((a) => a.ref === stored.value.ref) ? stored : undefined };
  };

  const tokenUrl = (req: restify.Request) => `/respond/${encodeURIComponent(String((req.params as { token?: string }).token))}`;

  /** The measures the link asks for, each with whether its period has a value yet. */
  const measuresOf = async (req: restify.Request, o: Opened) => {
    const grants = o.link.refs.map(measureGrantOf).filter((g) => g !== undefined);
    const found = await Promise.all(
      grants.map(async (g) => {
        const measure = await deps.store.measures.get(o.link.planId, g.measureId);
        if (!measure) return undefined;
        const given = (await deps.store.measures.getValue(o.link.planId, g.measureId, g.period)) !== undefined;
        return {
          id: measure.id,
          name: measure.name,
          periodText: `The value for ${periodName(g.period)}`,
          href: `${tokenUrl(req)}?measure=${encodeURIComponent(measure.id)}`,
          given,
        };
      }),
    );
    return found.filter((m) => m !== undefined);
  };

  /** The measure form for a measure the link grants, or undefined when it grants none by that id. */
  const measurePage = async (
    req: restify.Request,
    o: Opened,
    measureId: string,
    extra: { values?: MeasureFormValues; errors?: MeasureFieldErrors; submissionId?: string } = {},
  ): Promise<string | undefined> => {
    const grant = o.link.refs.map(measureGrantOf).find((g) => g?.measureId === measureId);
    if (!grant) return undefined;
    const measure = await deps.store.measures.get(o.link.planId, measureId);
    const period = measure ? parsePeriod(grant.period, measure.frequency, measure.terms) : undefined;
    if (!measure || !period?.ok) return undefined;
    const auth = authoriseMeasureValue(measure, o.person, o.people);
    if (!auth.ok) return undefined;
    const [areas, values] = await Promise.all([deps.store.plans.listAreas(o.link.planId), deps.store.measures.listValues(o.link.planId, measureId)]);
    return measureFormPage({
      planName: o.planName,
      measure,
      areaTitle: areas.find((a) => a.number === measure.area)?.title,
      period: period.period,
      lastValues: values.filter((v) => v.period !== period.period.label),
      onBehalfOf: auth.onBehalfOf ? (o.people.get(auth.onBehalfOf)?.name ?? auth.onBehalfOf) : undefined,
      csrf: deps.links.csrfToken(o.link),
      postUrl: tokenUrl(req),
      backUrl: tokenUrl(req),
      ...extra,
    });
  };

  const showList = async (req: restify.Request, res: restify.Response, o: Opened, done?: Action, notice?: string) => {
    const measures = await measuresOf(req, o);
    const rows = o.actions.map((action) => ({ action, updated: updatedSince(action, o.link.issuedAt) }));
    const pending = rows.filter((r) => !r.updated).length;
    const heading = o.link.kind === 'cycle' && o.link.meetingDate ? `Your actions for the meeting on ${formatPlanDate(o.link.meetingDate)}` : 'Your actions';
    const intro =
      pending === 0
        ? 'Every action on this link has an update. Thank you.'
        : `${pending === 1 ? 'One action needs' : `${pending} actions need`} your update. Choose an action to give its rating and progress.`;
    const page = listPage({
      planName: o.planName,
      heading,
      intro: notice ? `${notice} ${intro}` : intro,
      rows,
      done,
      measures,
      formUrl: (ref) => `${tokenUrl(req)}?ref=${encodeURIComponent(ref)}`,
    });
    sendHtml(res, 200, page);
  };

  /** The lead a delegate gives this update for, by the rule that lets them give it. */
  const onBehalfOf = (o: Opened, action: Action) => {
    const auth = authoriseUpdate(action, o.person, o.people);
    return auth.ok && auth.onBehalfOf ? o.people.get(auth.onBehalfOf)?.name : undefined;
  };

  /** An action's update form: blank, or as sent back with its errors. */
  const updateForm = (req: restify.Request, o: Opened, action: Action, form: Pick<FormView, 'values' | 'errors' | 'submissionId' | 'backUrl'>) =>
    formPage({
      planName: o.planName,
      action,
      onBehalfOf: onBehalfOf(o, action),
      csrf: deps.links.csrfToken(o.link),
      postUrl: tokenUrl(req),
      timeZone: deps.timeZone,
      ...form,
    });

  /** A request that failed on the server's side: logged without its form, and a page saying nothing was recorded. */
  const failed = (res: restify.Response, message: string, err: unknown) => {
    deps.log?.('error', message, { err: err instanceof Error ? err.message : String(err) });
    if (res.headersSent) return;
    const body =
      '<h1 class="govuk-heading-l">Sorry, there is a problem with the service</h1><p class="govuk-body">Try again later. Nothing has been recorded.</p>';
    sendHtml(res, 500, layout('Sorry, there is a problem', body));
  };

  server.get('/respond/:token', async (req: restify.Request, res: restify.Response) => {
    try {
      const query = new URLSearchParams(req.getQuery() ?? '');
      const ref = query.get('ref');
      const doneRef = query.get('done');
      const o = await open(req, res, ref ?? undefined);
      if (!o) return;
      if (o.link.kind === 'decisions') {
        const loaded = await loadDecisions(deps.store, o.link);
        const noticeRef = query.get('ref') ?? '';
        const notices: Record<string, string> = {
          approved: `The revised date for action ${noticeRef} was approved.`,
          rejected: `The revised date for action ${noticeRef} was rejected.`,
          acknowledged: `You acknowledged the escalation of action ${noticeRef}.`,
          resolved: `You resolved the escalation of action ${noticeRef}.`,
          confirmed: `Action ${noticeRef} is blue: complete and embedded. Its lead is told.`,
          declined: `Action ${noticeRef} stays green. Its lead is told what is still needed.`,
        };
        const notice = notices[query.get('notice') ?? ''];
        return sendHtml(
          res,
          200,
          decisionsPage({ planName: o.planName, ...loaded, csrf: deps.links.csrfToken(o.link), postUrl: tokenUrl(req), notice, timeZone: deps.timeZone }),
        );
      }
      const measureId = query.get('measure');
      if (measureId) {
        if (query.get('recorded')) return showList(req, res, o, undefined, 'The value was recorded. Thank you.');
        const page = await measurePage(req, o, measureId);
        return page ? sendHtml(res, 200, page) : sendProblem(res, 'notYours');
      }
      const asksMeasures = o.link.refs.some((r) => measureGrantOf(r));
      const chaseAnswered = !asksMeasures && o.link.kind === 'chase' && o.actions.length > 0 && o.actions.every((a) => updatedSince(a, o.link.issuedAt));
      if (chaseAnswered && !doneRef) return sendProblem(res, 'answered');
      if (doneRef)
        return showList(
          req,
          res,
          o,
          o.actions.find((a) => a.ref === doneRef),
        );
      const single = !ref && !asksMeasures && o.actions.length === 1 ? o.actions[0] : undefined;
      const action = single ?? (ref ? o.actions.find((a) => a.ref === ref) : undefined);
      if (ref && !action) return sendProblem(res, 'notYours');
      if (!action) return showList(req, res, o);
      sendHtml(
        res,
        200,
        updateForm(req, o, action, {
          values: { evidence: [], escalate: false },
          errors: {},
          submissionId: randomUUID(),
          backUrl: ref ? tokenUrl(req) : undefined,
        }),
      );
    } catch (err) {
      failed(res, 'The response page failed.', err);
    }
  });

  server.post('/respond/:token', async (req: restify.Request, res: restify.Response) => {
    try {
      const form = await readForm(req);
      if (form === 'notAForm') {
        res.setHeader('connection', 'close');
        return sendHtml(res, 415, problemPage('form'));
      }
      if (form === 'tooLarge') {
        res.setHeader('connection', 'close');
        return sendHtml(res, 413, problemPage('form'));
      }
      const ref = form.get('ref') ?? '';
      const o = await open(req, res, ref);
      if (!o) return;
      if (!deps.links.checkCsrf(o.link, form.get('csrf'))) return sendProblem(res, 'form');
      if (o.link.kind === 'decisions') {
        const decided = await decideFromForm(deps, o.link, o.person, form);
        if (!decided.ok && decided.field) {
          // A note to write again: the page once more, with the error beside it and what was typed.
          const loaded = await loadDecisions(deps.store, o.link);
          const view = { planName: o.planName, ...loaded, csrf: deps.links.csrfToken(o.link), postUrl: tokenUrl(req), timeZone: deps.timeZone };
          return sendHtml(res, decided.status, decisionsPage({ ...view, error: { field: decided.field, message: decided.message, note: decided.note } }));
        }
        if (!decided.ok) return sendHtml(res, decided.status, decisionRefusedPage(decided.message));
        return seeOther(res, `${tokenUrl(req)}?notice=${decided.done}&ref=${encodeURIComponent(decided.ref)}`);
      }
      const measureId = form.get('measureId');
      if (measureId) {
        if (!o.link.refs.some((r) => measureGrantOf(r)?.measureId === measureId)) return sendProblem(res, 'notYours');
        const input = {
          measureId,
          period: form.get('period') ?? '',
          value: form.get('value') ?? '',
          note: form.get('note') ?? '',
          source: form.get('source') ?? '',
          submissionId: form.get('submissionId') ?? '',
        };
        const result = await submitMeasureValue({ store: deps.store, clock: deps.clock, timeZone: deps.timeZone }, o.link.planId, o.person, input);
        if (result.kind === 'recorded') return seeOther(res, `${tokenUrl(req)}?measure=${encodeURIComponent(measureId)}&recorded=1`);
        if (result.kind !== 'invalid') return sendProblem(res, 'notYours');
        const page = await measurePage(req, o, measureId, { values: result.values, errors: result.errors, submissionId: input.submissionId || undefined });
        return page ? sendHtml(res, 400, page) : sendProblem(res, 'notYours');
      }
      const action = o.actions.find((a) => a.ref === ref);
      if (!action) return sendProblem(res, 'notYours');
      const submissionId = form.get('submissionId') ?? '';
      const done = () => seeOther(res, `${tokenUrl(req)}?done=${encodeURIComponent(ref)}`);
      // A chase link is spent for an action once it has been updated; a resend of the form that did it still confirms.
      if (o.link.kind === 'chase' && updatedSince(action, o.link.issuedAt)) {
        const earlier = submissionId ? await deps.store.updates.findBySubmission(o.link.planId, ref, submissionId) : undefined;
        return earlier ? done() : sendProblem(res, 'answered');
      }

      const day = (form.get('revisedDue-day') ?? '').trim();
      const month = (form.get('revisedDue-month') ?? '').trim();
      const year = (form.get('revisedDue-year') ?? '').trim();
      const anyDate = day || month || year;
      const revisedDue = anyDate ? `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` : undefined;
      const input = {
        ref,
        planId: o.link.planId,
        brag: form.get('brag') ?? undefined,
        narrative: form.get('narrative') ?? undefined,
        evidence: form.getAll('evidence'),
        voice: form.get('voice') ?? undefined,
        blockers: form.get('blockers') ?? undefined,
        escalate: form.get('escalate') === 'true',
        revisedDue,
        submissionId,
        // The page shows this box only once the text was found to hold likely personal data.
        personalDataChecked: form.get('personalDataChecked') === 'true',
      };
      const result = await submitUpdate({ store: deps.store, clock: deps.clock, timeZone: deps.timeZone, hooks: deps.hooks }, o.link.planId, o.person, input, {
        people: o.people,
        action: o.stored,
      });
      if (result.kind === 'recorded') {
        // The row as written (with its new ETag): the next page shows it and the next write needs no read.
        rememberActionRow(deps, result.stored);
        return done();
      }
      if (result.kind === 'forbidden' || result.kind === 'notFound') return sendProblem(res, 'notYours');
      const errors = { ...result.errors };
      if (errors.revisedDue && !/^\d{4}-\d{2}-\d{2}$/.test(revisedDue ?? '')) {
        errors.revisedDue = 'Enter the proposed date as a day, month and year, for example 27 3 2027.';
      } else if (errors.revisedDue && !isRealDate(revisedDue ?? '')) {
        errors.revisedDue = 'Enter a real date, for example 27 3 2027.';
      }
      sendHtml(
        res,
        400,
        updateForm(req, o, action, {
          values: { ...result.values, revisedDay: day, revisedMonth: month, revisedYear: year },
          errors,
          submissionId: submissionId || randomUUID(),
          backUrl: tokenUrl(req),
        }),
      );
    } catch (err) {
      failed(res, 'The response page could not record an update.', err);
    }
  });

  registerAssets(server);
  if (deps.devMail) registerDevMail(server, deps);
}

/**
 * govuk-frontend's style sheet and script, from the package, with one change: the GDS
 * Transport typeface is licensed for GOV.UK services only, so its @font-face rules are left
 * out and text falls back to Arial, as the Design System advises for services elsewhere.
 */
function registerAssets(server: restify.Server): void {
  const dist = path.dirname(require.resolve('govuk-frontend/package.json'));
  const govuk = path.join(dist, 'dist', 'govuk');
  const css = fs
    .readFileSync(path.join(govuk, 'govuk-frontend.min.css'), 'utf8')
    .replace(/@font-face\{[^}]*\}/g, '')
    .replace(/"GDS Transport",?/g, '')
    .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '');
  const assets: Record<string, { type: string; body: string | Buffer }> = {
    'govuk-frontend.min.css': { type: 'text/css; charset=utf-8', body: css },
    'govuk-frontend.min.js': {
      type: 'text/javascript; charset=utf-8',
      body: fs.readFileSync(path.join(govuk, 'govuk-frontend.min.js'), 'utf8').replace(/\/\/# sourceMappingURL=\S+/g, ''),
    },
    'init.js': {
      type: 'text/javascript; charset=utf-8',
      body: `import { initAll } from './govuk-frontend.min.js';\ndocument.body.classList.add('js-enabled', 'govuk-frontend-supported');\ninitAll();\n`,
    },
    'planpulse.css': { type: 'text/css; charset=utf-8', body: PLANPULSE_CSS },
  };
  server.get(`${ASSETS}/:file`, (req: restify.Request, res: restify.Response, next: restify.Next) => {
    const asset = assets[String((req.params as { file?: string }).file)];
    if (!asset) {
      res.send(404, { error: 'No such asset.' });
      return next();
    }
    res.setHeader('content-type', asset.type);
    res.setHeader('cache-control', 'public, max-age=86400');
    res.setHeader('x-content-type-options', 'nosniff');
    res.sendRaw(200, asset.body);
    next();
  });
}

// The service's own touches: the header without the crown (not a GOV.UK service), BRAG
// swatches beside their names (never colour alone), and a print layout without the chrome.
const PLANPULSE_CSS = `
.pp-header { border-bottom: 10px solid #1d70b8; }
.pp-header .govuk-header__service-name { display: inline-block; margin: 10px 0; font-weight: 700; font-size: 1.5rem; color: #fff; }
.pp-plan-name { display: block; color: #fff; padding-bottom: 10px; }
.pp-brag { display: inline-block; width: 0.9em; height: 0.9em; margin-right: 0.4em; border: 1px solid #0b0c0c; vertical-align: -0.05em; }
.pp-brag--blue { background: #1d70b8; } .pp-brag--green { background: #00703c; }
.pp-brag--amber { background: #f47738; } .pp-brag--red { background: #d4351c; }
@media print {
  .govuk-header, .govuk-footer, .govuk-skip-link, .govuk-back-link, .govuk-button { display: none !important; }
  .govuk-width-container { max-width: none; margin: 0; }
  .govuk-grid-column-two-thirds { width: 100%; }
  textarea { border: 1px solid #0b0c0c; }
}
`;

const isLoopbackAddress = (a: string | undefined) => !!a && (a === '::1' || a.startsWith('127.') || a.startsWith('::ffff:127.'));

/** The captured mailbox of a developer's machine: never on a deployment (embedded store, auth off, loopback callers). */
function registerDevMail(server: restify.Server, deps: RespondDeps): void {
  const guard = (req: restify.Request, res: restify.Response) => {
    if (isLoopbackAddress(req.socket.remoteAddress)) return true;
    res.send(403, { error: '/dev/mail answers this machine only.' });
    return false;
  };
  server.get('/dev/mail', async (req: restify.Request, res: restify.Response) => {
    if (!guard(req, res)) return;
    const mails = await deps.store.capturedMail.list(100);
    const items = mails
      .map((m) => {
        const links = [...new Set(m.text.match(/https?:\/\/\S+\/respond\/[A-Za-z0-9_.-]+/g) ?? [])];
        return `<tr class="govuk-table__row"><td class="govuk-table__cell">${esc(m.at.slice(0, 16).replace('T', ' '))}</td><td class="govuk-table__cell">${esc(m.to)}</td>
<td class="govuk-table__cell"><a class="govuk-link" href="/dev/mail/${esc(m.id)}">${esc(m.subject)}</a></td>
<td class="govuk-table__cell">${links.map((l) => `<a class="govuk-link" href="${esc(l)}">Open the response page</a>`).join('<br>')}</td>
<td class="govuk-table__cell">${(m.attachments ?? []).map((a, n) => `<a class="govuk-link" href="/dev/mail/${esc(m.id)}/files/${n}">${esc(a.filename)}</a>`).join('<br>')}</td></tr>`;
      })
      .join('\n');
    sendHtml(
      res,
      200,
      layout(
        'Captured mail',
        `<h1 class="govuk-heading-l">Captured mail</h1>
<p class="govuk-body">No SMTP_URL is set, so mail is kept here instead of being sent: what leads outside Teams would receive, newest first.</p>
${mails.length === 0 ? '<p class="govuk-body">No mail yet. Emails appear here when a cycle opens for people Teams cannot reach.</p>' : `<table class="govuk-table"><thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Sent (UTC)</th><th scope="col" class="govuk-table__header">To</th><th scope="col" class="govuk-table__header">Subject</th><th scope="col" class="govuk-table__header">Link</th><th scope="col" class="govuk-table__header">Attached</th></tr></thead><tbody class="govuk-table__body">${items}</tbody></table>`}`,
      ),
    );
  });
  server.get('/dev/mail/:id', async (req: restify.Request, res: restify.Response) => {
    if (!guard(req, res)) return;
    const mail = await deps.store.capturedMail.get(String((req.params as { id?: string }).id));
    if (!mail) return void res.send(404, { error: 'No such mail.' });
    // The mail exactly as sent; its inline styles need the style-src allowance.
    res.setHeader('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'");
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.sendRaw(200, mail.html);
  });
  server.get('/dev/mail/:id/files/:n', async (req: restify.Request, res: restify.Response) => {
    if (!guard(req, res)) return;
    const params = req.params as { id?: string; n?: string };
    const mail = await deps.store.capturedMail.get(String(params.id));
    const file = /^\d+$/.test(String(params.n)) ? mail?.attachments?.[Number(params.n)] : undefined;
    if (!file) return void res.send(404, { error: 'No such file.' });
    // A board paper opens as its reader would open it: self-contained, its styles inline.
    // Anything but text is offered as a download, never run.
    const shown = /^text\/(html|plain|csv)\b/i.test(file.contentType);
    res.setHeader('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'");
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('content-type', shown ? `${file.contentType.split(';')[0]}; charset=utf-8` : 'application/octet-stream');
    res.setHeader('content-disposition', `${shown ? 'inline' : 'attachment'}; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`);
    res.sendRaw(200, file.content);
  });
}
