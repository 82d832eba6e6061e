/** Behavioural answers (STAR stories) the story-coverage tests tell. */

export const CONFLICT_STORY =
  'At my last job our team disagreed about the release date: the designer and I clashed over scope. ' +
  'My goal was to get us to agree without slipping. I sat down with her, heard her out, and we found a compromise: ' +
  'ship the core flow first. As a result we shipped on time and the conversion rate improved by 12%.';

export const FAILURE_STORY =
  'Last year I made a mistake that caused an outage: I rolled out a migration without a rollback plan. ' +
  'I had to restore service fast, so I rolled back, owned up in the incident channel and wrote the post-mortem. ' +
  'In the end we were down 20 minutes; the lesson I learned is to always rehearse rollbacks, and since then I do.';
