import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../src/pipeline/analyze/analyzeText.js';
import { loadTeamSet } from '../helpers/fillerLabels.js';

// The team's labelled set documents the analyser's behaviour sentence by sentence; the public-source examples are
// measured (not asserted) by bench/fillerAccuracy.bench.ts.
const set = loadTeamSet();

describe('the labelled filler set (test/fixtures/fillers/team.tsv)', () => {
  it('has at least 150 sentences, half of them raw speech-to-text', () => {
    expect(set.length).toBeGreaterThanOrEqual(150);
    expect(set.filter((s) => s.kind === 'raw').length * 2).toBeGreaterThanOrEqual(set.length - 1);
    for (const s of set.filter((x) => x.kind === 'raw')) expect(s.text).toMatch(/^[a-z0-9' ]+$/);
  });

  it.each(set.map((s) => [s.line, s.text, s] as const))('line %i: %j', (_line, text, expected) => {
    const result = analyzeText({ text });
    expect({
      fillers: result.fillers.byWord,
      stumbles: result.repetitions.total,
      markers: result.discourseMarkers.byWord,
    }).toEqual({ fillers: expected.fillers, stumbles: expected.stumbles, markers: expected.markers });
  });
});
