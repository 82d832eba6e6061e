import type { InterviewFlow } from '../../commands/interview/InterviewFlow.js';
import type { Config } from '../../config/index.js';
import type { Logger } from '../../logger.js';
import type { Services } from '../../services.js';
import type { QuestionMessages } from './QuestionMessages.js';
import type { SeenKeys } from './SeenKeys.js';

/** What every Slack handler needs, built once in startSlackBot. The WebClient travels with each event. */
export interface SlackContext {
  services: Services;
  config: Config;
  flow: InterviewFlow;
  logger: Logger;
  /** File ids and message keys already handled (Slack delivers some uploads twice, and retries). */
  seen: SeenKeys;
  questions: QuestionMessages;
  /** Origins besides *.slack.com that may receive the bot token on a file download (a local Slack in tests). */
  trustedFileOrigins: string[];
}
