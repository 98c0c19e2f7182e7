/** An action's movement as the exports show it: an arrow, and a word for screen readers and the workbook. */
import type { ActionTrend, Trend } from '../facts/movement';

export const TREND_ARROWS: Record<Trend, string> = { up: '↑', down: '↓', same: '→' };

export const TREND_WORDS: Record<Trend, string> = { up: 'better', down: 'worse', same: 'unchanged' };

export const arrowOf = (trend: ActionTrend | undefined): string => (trend ? TREND_ARROWS[trend.trend] : '');
