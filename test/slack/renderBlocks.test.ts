import { describe, expect, it } from 'vitest';
import { actionId, replayActionId } from '../../src/commands/actionIds.js';
import type { Card } from '../../src/commands/card.js';
import { escapeMarkdown } from '../../src/commands/format.js';
import { clipMrkdwn, toMrkdwn, toPlainText } from '../../src/bot/slack/mrkdwn.js';
import { BLOCK_LIMITS, renderBlocks } from '../../src/bot/slack/renderBlocks.js';
import { validateBlocks } from '../fakes/slack/validateBlocks.js';
import { answerId, sessionId } from '../helpers/ids.js';
import { ratingControls, withRatingControls } from '../../src/commands/peerRatings.js';

const S1 = sessionId('s1');

function blockTypes(card: Card): string[] {
  return renderBlocks(card).blocks.map((b) => b.type);
}

describe('toMrkdwn', () => {
  it('turns **bold** into *bold* and ~~strike~~ into ~strike~, keeping _italic_ and `code`', () => {
    expect(toMrkdwn('So the **um** reconciler, _really_, ~~no~~ `useMemo`')).toBe('So the *um* reconciler, _really_, ~no~ `useMemo`');
  });

  it('escapes &, < and > in user text but keeps user and channel mentions', () => {
    expect(toMrkdwn('<@U0ALICE> said a < b && c > d <!channel> <https://x.io|x>')).toBe(
      '<@U0ALICE> said a &lt; b &amp;&amp; c &gt; d &lt;!channel&gt; &lt;https://x.io|x&gt;',
    );
    expect(toMrkdwn('see <#C0GENERAL|general>')).toBe('see <#C0GENERAL|general>');
  });

  it('escapes inside code spans too, since Slack reads entities there as well', () => {
    expect(toMrkdwn('`a<b>`')).toBe('`a&lt;b&gt;`');
  });

  it('turns a ||spoiler|| into a quoted block on its own lines', () => {
    expect(toMrkdwn('||State change → re-render\nwith keys||')).toBe('> State change → re-render\n> with keys');
    expect(toMrkdwn('Ideal: ||Use keys|| then more')).toBe('Ideal:\n> Use keys\nthen more');
  });

  it('resolves escapeMarkdown backslashes into literal characters (Slack has no escape character)', () => {
    const user = 'a *star* _under_ > quote [x] \\ back';
    expect(toMrkdwn(escapeMarkdown(user))).toBe('a *star* _under_ &gt; quote [x] \\ back');
    expect(toMrkdwn(escapeMarkdown('pipes || here ||'))).toBe('pipes || here ||');
  });

  it('plain text drops markers and resolves escapes', () => {
    expect(toPlainText('**Question 1/5** ||secret|| \\*lit\\*')).toBe('Question 1/5 secret *lit*');
  });

  it('clipMrkdwn never ends in half an entity or half a mention', () => {
    expect(clipMrkdwn('aaaa &amp; bbbbbbbbbbbbbbbbbbbbb', 8)).toBe('aaaa …');
    const clipped = clipMrkdwn(`${'x'.repeat(10)}<@U0ALICE12345> tail tail tail`, 20);
    expect(clipped).not.toMatch(/<[^>]*$/);
    expect(clipped.length).toBeLessThanOrEqual(20);
  });
});

describe('renderBlocks', () => {
  const question: Card = {
    title: 'Question 2/5 · React · mid',
    description: '**How does React decide what to re-render?**\n\nReply in this thread with text or a voice message.',
    footer: 'Frontend interview',
    tone: 'info',
    buttons: [
      { id: actionId('repeat', S1), label: 'Repeat', style: 'secondary' },
      { id: actionId('skip', S1), label: 'Skip', style: 'secondary' },
      { id: actionId('end', S1), label: 'End', style: 'danger' },
      { id: actionId('done', S1), label: 'Gone', disabled: true },
    ],
  };

  it('renders header, mrkdwn section, context footer and an actions block whose action_ids are the button ids', () => {
    const { blocks, text } = renderBlocks(question);
    expect(blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Question 2/5 · React · mid', emoji: true } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '*How does React decide what to re-render?*\n\nReply in this thread with text or a voice message.' },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Frontend interview' }] },
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: 'ic:repeat:s1', text: { type: 'plain_text', text: 'Repeat', emoji: true }, value: 'ic:repeat:s1' },
          { type: 'button', action_id: 'ic:skip:s1', text: { type: 'plain_text', text: 'Skip', emoji: true }, value: 'ic:skip:s1' },
          { type: 'button', action_id: 'ic:end:s1', text: { type: 'plain_text', text: 'End', emoji: true }, value: 'ic:end:s1', style: 'danger' },
        ],
      },
    ]);
    expect(text).toBe('Question 2/5 · React · mid\n*How does React decide what to re-render?*\n\nReply in this thread with text or a voice message.');
    expect(validateBlocks(blocks)).toBeUndefined();
  });

  it('puts inline fields side by side (≤10 per section) and long fields full width', () => {
    const inline = Array.from({ length: 12 }, (_, i) => ({ name: `F${i}`, value: `v${i}`, inline: true }));
    const { blocks } = renderBlocks({ title: 'T', fields: [...inline, { name: 'Transcript', value: '“so **um** yes”' }] });
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section']);
    const [, first, second, long] = blocks;
    expect(first?.type === 'section' && first.fields?.length).toBe(10);
    expect(second?.type === 'section' && second.fields?.map((f) => f.text)).toEqual(['*F10*\nv10', '*F11*\nv11']);
    expect(long?.type === 'section' && long.text?.text).toBe('*Transcript*\n“so *um* yes”');
    expect(validateBlocks(blocks)).toBeUndefined();
  });

  it('keeps every block within Slack limits for oversize input', () => {
    const huge = `${'word '.repeat(1500)}\n`.repeat(3);
    const card: Card = {
      title: `A very long title ${'x'.repeat(300)}`,
      description: huge,
      fields: [
        { name: 'Inline but huge', value: 'y'.repeat(2500), inline: true },
        ...Array.from({ length: 60 }, (_, i) => ({ name: `n${i}`, value: `v${i}` })),
      ],
      footer: 'z'.repeat(4000),
      buttons: [{ id: 'ic:end:s', label: 'E'.repeat(100), style: 'danger' }],
    };
    const { blocks, text } = renderBlocks(card);
    expect(validateBlocks(blocks)).toBeUndefined();
    expect(blocks.length).toBe(BLOCK_LIMITS.blocks);
    const header = blocks[0];
    expect(header?.type === 'header' && header.text.text.length).toBeLessThanOrEqual(150);
    // The buttons and footer survive trimming; the body gives way.
    expect(blocks.at(-1)?.type).toBe('actions');
    expect(blocks.at(-2)?.type).toBe('context');
    expect(text.length).toBeLessThanOrEqual(BLOCK_LIMITS.fallbackText);
  });

  it('marks error cards in the title (blocks have no colour) and maps button styles', () => {
    expect(renderBlocks({ title: 'Something needs attention', tone: 'error' }).blocks[0]).toMatchObject({
      text: { text: '⚠️ Something needs attention' },
    });
    expect(renderBlocks({ title: '🏁 Done', tone: 'error' }).blocks[0]).toMatchObject({ text: { text: '🏁 Done' } });
    const { blocks } = renderBlocks({ title: 'x', buttons: [{ id: 'a', label: 'Go', style: 'success', emoji: '✍️' }] });
    expect(blocks[1]).toMatchObject({ type: 'actions', elements: [{ style: 'primary', text: { text: '✍️ Go' } }] });
  });

  it('omits the sections it has nothing for', () => {
    expect(blockTypes({ title: 'Only a title' })).toEqual(['header']);
    expect(blockTypes({ title: 't', description: '  ', footer: '' , buttons: [] })).toEqual(['header']);
  });
});

describe('titles and user text that name people', () => {
  it('a title with a mention becomes a bold mrkdwn section (header blocks are plain_text and show `<@U…>` raw)', () => {
    const { blocks } = renderBlocks({ title: '⏳ Got your clip, <@U0ALICE01> — downloading…', tone: 'progress' });
    expect(blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: '*⏳ Got your clip, <@U0ALICE01> — downloading…*' } }]);
    expect(validateBlocks(blocks)).toBeUndefined();
    expect(blockTypes({ title: 'Question 1/3 — 7/10' })).toEqual(['header']);
  });

  it('escaped user text keeps <@U…>, <!channel> and <!here> as text, while the adapter’s own mentions stay live', () => {
    const quoted = escapeMarkdown('ask <@U0BOB> and <!channel>, <!here>');
    expect(toMrkdwn(`<@U0ALICE> said “${quoted}”`)).toBe('<@U0ALICE> said “ask &lt;@U0BOB&gt; and &lt;!channel&gt;, &lt;!here&gt;”');
    expect(toPlainText(quoted)).toBe('ask <@U0BOB> and <!channel>, <!here>');
  });
});

describe('renderBlocks: a card with a menu (peer-rating tags)', () => {
  it('puts the buttons and then a multi-select in one actions block that Slack accepts', () => {
    const { buttons, select } = ratingControls(answerId(7));
    const { blocks } = renderBlocks({ title: 'Question 1/1 — 7/10', buttons, select });
    const actions = blocks.find((b) => b.type === 'actions');
    expect(actions && 'elements' in actions ? actions.elements.map((e) => e.type) : []).toEqual(['button', 'button', 'button', 'button', 'button', 'multi_static_select']);
    expect(actions && 'elements' in actions ? actions.elements.at(-1) : undefined).toMatchObject({
      action_id: 'icr:7:tags',
      max_selected_items: 4,
      options: [{ value: 'clear' }, { value: 'specific' }, { value: 'concise' }, { value: 'structured' }],
    });
    expect(validateBlocks(blocks)).toBeUndefined();
  });
});

describe('renderBlocks: a spoken answer’s feedback in a group round', () => {
  it('keeps the replay button first, then the five stars and the tags menu, in blocks Slack accepts', () => {
    const id = answerId(9);
    const card: Card = { title: 'Question 1/2 — 6/10', buttons: [{ id: replayActionId(id), label: 'Hear it without the ums', emoji: '🎧' }] };
    const { blocks } = renderBlocks(withRatingControls(card, id));
    const ids = blocks.flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => ('action_id' in e ? e.action_id : undefined)) : []));
    expect(ids).toEqual(['ic:replay:9', 'icr:9:1', 'icr:9:2', 'icr:9:3', 'icr:9:4', 'icr:9:5', 'icr:9:tags']);
    expect(validateBlocks(blocks)).toBeUndefined();
  });
});
