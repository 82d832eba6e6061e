import type { AnswerProgress } from '../../session/answerTypes.js';
import type { Card, CardKind } from '../card.js';
import { formatSeconds } from '../format.js';

const ANSWER_PROGRESS: CardKind = { type: 'answer-progress' };

/** The one message per answer that is edited in place while the answer is worked on. */
export function progressCard(who: string, progress: AnswerProgress | { stage: 'received' }): Card {
  switch (progress.stage) {
    case 'received':
      return { kind: ANSWER_PROGRESS, title: `⏳ Got it, ${who} — working on your answer…`, tone: 'progress' };
    case 'preparing':
      return { kind: ANSWER_PROGRESS, title: `⏳ ${progress.message}`, tone: 'progress' };
    case 'transcribing':
      return { kind: ANSWER_PROGRESS, title: `⏳ Transcribing ${who}… (${formatSeconds(progress.durationSec)} of audio)`, tone: 'progress' };
    case 'scoring':
      return {
        kind: ANSWER_PROGRESS,
        title: progress.durationSec !== null ? `📝 Transcribed (${formatSeconds(progress.durationSec)}) — scoring…` : `📝 Scoring ${who}'s answer…`,
        tone: 'progress',
      };
    case 'done':
      return { kind: ANSWER_PROGRESS, title: `✅ Feedback ready for ${who}`, tone: 'success' };
  }
}
