/**
 * A board's report in the mail of a chair reached by email: a summary in the body (the actions
 * by BRAG, the exceptions with their reasons, the impact measures off track), drawn from the
 * report card's own view of the facts kept at the meeting, and the whole report attached as the
 * printable board paper, which they can read offline, keep and print. A chair outside the
 * council's tenant cannot open the card in Teams, so the mail carries the report itself.
 */
import { bragBars } from '../cards/parts';
import { counted } from '../cards/format';
import { boardReportView, progressReportView, type BoardReportInput, type ExceptionRowView } from '../cards/board';
import type { ScorecardMeasureView } from '../cards/measures';
import { boardPaperFilename, renderBoardPaper, reportCounts } from '../export/boardPaper';
import { escapeHtml } from '../util/html';
import { FONT } from './render';
import type { MailAttachment } from '../outbox/transport';

/** Exceptions listed in the body; the paper lists them all. */
export const MAIL_EXCEPTIONS_LISTED = 10;

export interface BoardReportMailPart {
  /** Lines of the plain-text body. */
  text: string[];
  /** The HTML body's part. */
  html: string;
  attachment: MailAttachment;
}

const P = 'margin: 0 0 12px; font-size: 16px; line-height: 1.5;';
const H3 = 'margin: 16px 0 8px; font-size: 17px; line-height: 1.3;';
const TH = `${FONT} text-align: left; font-size: 14px; padding: 6px 8px; border-bottom: 2px solid #0b0c0c; vertical-align: bottom;`;
const TD = `${FONT} font-size: 14px; line-height: 1.4; padding: 6px 8px; border-bottom: 1px solid #b1b4b6; vertical-align: top;`;

/** A data table for mail clients: a caption, column headers and inline styles only. */
function table(caption: string, headers: string[], rows: string[][]): string {
  return `<table style="border-collapse: collapse; width: 100%; margin: 0 0 16px;">
<caption style="${FONT} text-align: left; font-size: 16px; font-weight: bold; padding: 0 0 6px;">${escapeHtml(caption)}</caption>
<thead><tr>${headers.map((h) => `<th scope="col" style="${TH}">${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows.map((cells) => `<tr>${cells.map((c, i) => (i === 0 ? `<th scope="row" style="${TD} text-align: left; font-weight: bold;">${c}</th>` : `<td style="${TD}">${c}</td>`)).join('')}</tr>`).join('\n')}
</tbody>
</table>`;
}

/**
 * The summary of a board's report for the mail's body, and the board paper to attach.
 * `heading` is the report's title ("SSDG: the exception report for 24 Oct 2023"), `note` what
 * says why it came by mail.
 */
export function boardReportMailPart(report: BoardReportInput, planName: string, timeZone: string, heading: string, note: string): BoardReportMailPart {
  const exceptionsView =
    report.remit === 'progress'
      ? boardReportView({ ...report.input, facts: report.input.facts.exceptions, memberTeamsIds: [] }, MAIL_EXCEPTIONS_LISTED, timeZone)
      : boardReportView(report.input, MAIL_EXCEPTIONS_LISTED, timeZone, report.lateLine);
  const scorecard = report.remit === 'progress' ? progressReportView(report.input, MAIL_EXCEPTIONS_LISTED, timeZone, report.lateLine) : exceptionsView;
  // The view keeps three times its list length of exceptions; the body lists the first MAIL_EXCEPTIONS_LISTED.
  const total = exceptionsView.exceptions.items.length + exceptionsView.exceptions.more;
  const listed: ExceptionRowView[] = exceptionsView.exceptions.items.slice(0, MAIL_EXCEPTIONS_LISTED);
  const more = total - listed.length;
  const filename = boardPaperFilename(report);
  const what = report.remit === 'progress' ? 'progress report' : 'exception report';
  const lede = `The ${what} for the meeting on ${exceptionsView.meetingDate}, as kept at ${exceptionsView.generatedAt}. The whole report is attached as a board paper (${filename}): open it in a web browser to read it, keep it or print it.`;
  const counts = reportCounts(report);
  const bars = counts ? bragBars(counts) : undefined;
  const offTrack: ScorecardMeasureView[] = scorecard.hasScorecard ? scorecard.offTrackMeasures : [];
  const moreLine = more > 0 ? `…and ${counted(more, 'more exception')} in the attached board paper.` : '';

  const text = [
    heading,
    lede,
    ...(report.lateLine ? [report.lateLine] : []),
    ...(bars ? ['', `Actions by BRAG (${bars.totalText}): ${bars.summary}`] : []),
    '',
    `Exceptions: ${exceptionsView.exceptionsText}`,
    ...listed.flatMap((x) => [`  ${x.ref}  ${x.text}`, `        ${x.reasonsText}`]),
    ...(moreLine ? [moreLine] : []),
    ...(scorecard.hasScorecard
      ? ['', `Impact measures: ${scorecard.scorecardIntro}`, ...offTrack.map((m) => `  Off track: ${m.name}. ${m.latestText} · ${m.targetText}`)]
      : []),
    '',
    note,
  ];

  const html = [
    `<h2 style="margin: 24px 0 8px; font-size: 20px; line-height: 1.3;">${escapeHtml(heading)}</h2>`,
    `<p style="${P}">${escapeHtml(lede)}</p>`,
    report.lateLine ? `<p style="${P} font-weight: bold;">${escapeHtml(report.lateLine)}</p>` : '',
    bars ? table(`Actions by BRAG: ${bars.totalText}`, ['Rating', 'Actions', 'Share'], bars.rows.map((r) => [escapeHtml(r.name), String(r.count), r.percent])) : '',
    `<h3 style="${H3}">Exceptions</h3>`,
    `<p style="${P}">${escapeHtml(exceptionsView.exceptionsText)}</p>`,
    listed.length > 0
      ? table(
          more > 0 ? `The first ${listed.length} exceptions, worst first` : 'Exceptions, worst first',
          ['Ref', 'Action', 'Why it is here'],
          listed.map((x) => [escapeHtml(x.ref), `${escapeHtml(x.text)}<br><span style="color: #505a5f;">${escapeHtml(x.groupName)} · ${escapeHtml(x.leads)}</span>`, escapeHtml(x.reasonsText)]),
        )
      : '',
    moreLine ? `<p style="${P}">${escapeHtml(moreLine)}</p>` : '',
    scorecard.hasScorecard ? `<h3 style="${H3}">Impact measures</h3>\n<p style="${P}">${escapeHtml(scorecard.scorecardIntro)}</p>` : '',
    offTrack.length > 0 ? table('Impact measures off track', ['Measure', 'Latest', 'Target'], offTrack.map((m) => [escapeHtml(m.name), escapeHtml(m.latestText), escapeHtml(m.targetText)])) : '',
    `<p style="${P} color: #505a5f;">${escapeHtml(note)}</p>`,
  ]
    .filter(Boolean)
    .join('\n');

  return {
    text,
    html,
    attachment: { filename, contentType: 'text/html; charset=utf-8', content: renderBoardPaper(report, planName, timeZone) },
  };
}
