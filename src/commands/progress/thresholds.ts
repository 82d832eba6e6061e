/*
 * Where a stored metric starts to count as something to work on. The pace band is the one the analyzer uses
 * (Microsoft Speaker Coach's 100–165 wpm); the rest are coaching rules of thumb, kept here so cards, charts and
 * tests agree on them.
 */
import { PACE_BAND } from '../../pipeline/analyze/types.js';

/** The analyser's own band, so reports and feedback cards agree. */
export const PACE_BAND_WPM = PACE_BAND;
/** Fillers per minute of speech above which they become noticeable. */
export const FILLERS_PER_MINUTE_MAX = 3;
/** The longest pause of an answer, averaged, above which listeners start to wonder. */
export const LONG_PAUSE_SEC = 3;
/** A criterion (0–10) averaging below this is worth practising. */
export const CRITERION_TARGET = 7;
/** A keyword missed at least this often, and in at least this share of recent answers, is a pattern, not chance. */
export const KEYWORD_MISSED_MIN = 2;
export const KEYWORD_MISSED_SHARE = 0.1;
/** Focus items are derived from this many newest answers, so old habits fade out. */
export const RECENT_ANSWERS = 50;
export const TREND_SESSIONS = 20;
export const MOVING_AVERAGE_WINDOW = 3;
export const TOP_FILLERS = 3;
