import type { AnswerProgress } from '../../session/answerTypes.js';
import type { Card } from '../card.js';
import { formatSeconds } from '../format.js';

/** The one message per answer that is edited in place while the answer is worked on. */
export function progressCard(who: string, progress: AnswerProgress | { stage: 'received' }): Card {
  switch (progress.stage) {
    case 'received':
      return { title: `⏳ Got it, ${who} — working on your answer…`, tone: 'progress' };
    case 'preparing':
      return { title: `⏳ ${progress.message}`, tone: 'progress' };
    case 'transcribing':
      return { title: `⏳ Transcribing ${who}… (${formatSeconds(progress.durationSec)} of audio)`, tone: 'progress' };
    case 'scoring':
      return {
        title: progress.durationSec !== null ? `📝 Transcribed (${formatSeconds(progress.durationSec)}) — scoring…` : `📝 Scoring ${who}'s answer…`,
        tone: 'progress',
      };
    case 'done':
      return { title: `✅ Feedback ready for ${who}`, tone: 'success' };
  }
}
