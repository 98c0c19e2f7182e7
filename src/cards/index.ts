/**
 * Presentation: every card Plan Pulse sends, one file per family, and the one formatting
 * module the cards, email, response page and exports share.
 *
 *   format.ts  dates, counts, names, BRAG words, evidence and escalation words, list capping
 *   parts.ts   view parts several families share (BRAG, bars, action and escalation rows)
 *   render.ts  renderCard(name, view), typed by CardViews; fitting to Teams' size limit
 *   lead.ts    update form, confirmation, my actions, history
 *   admin.ts   help, not in a plan, message, link picker, status
 *   group.ts   channel summary, chair digest
 *   board.ts   board exception report, progress report, area digest
 *   person.ts  the combined personal message
 *   measures.ts impact measures: values, periods, the measure form, the board's scorecard
 *   charts.ts  data for Teams' native charts (colours, before-and-after series)
 */
export * from './format';
export * from './parts';
export * from './render';
export * from './lead';
export * from './admin';
export * from './group';
export * from './board';
export * from './person';
export * from './measures';
export * from './charts';
