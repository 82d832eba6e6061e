import { isRecord } from './parseApiArgs.js';

export interface BlocksProblem {
  error: 'invalid_blocks' | 'invalid_blocks_format';
  messages: string[];
}

/**
 * The Block Kit limits a bot trips over in practice (Slack rejects the whole message with invalid_blocks). Not a full
 * schema: just enough that a card which would fail in a real workspace fails here too.
 */
export function validateBlocks(blocks: unknown): BlocksProblem | undefined {
  if (typeof blocks === 'string') return { error: 'invalid_blocks_format', messages: ['[ERROR] blocks is not valid JSON'] };
  if (!Array.isArray(blocks)) return { error: 'invalid_blocks_format', messages: ['[ERROR] blocks must be an array'] };
  const messages: string[] = [];
  const fail = (pointer: string, text: string): void => {
    messages.push(`[ERROR] ${text} [json-pointer:/blocks${pointer}]`);
  };
  if (blocks.length > 50) fail('', 'no more than 50 items allowed');
  const blockIds = new Set<string>();
  blocks.forEach((block: unknown, index) => {
    const at = `/${index}`;
    if (!isRecord(block) || typeof block.type !== 'string') {
      fail(at, 'missing required field: type');
      return;
    }
    if (typeof block.block_id === 'string') {
      if (blockIds.has(block.block_id)) fail(`${at}/block_id`, 'duplicate block_id');
      blockIds.add(block.block_id);
    }
    checkBlock(block, at, fail);
  });
  return messages.length === 0 ? undefined : { error: 'invalid_blocks', messages };
}

type Fail = (pointer: string, text: string) => void;

function textOf(value: unknown): string | undefined {
  return isRecord(value) && typeof value.text === 'string' ? value.text : undefined;
}

function checkLength(value: string | undefined, max: number, pointer: string, fail: Fail): void {
  if (value !== undefined && value.length > max) fail(pointer, `must be less than ${max + 1} characters`);
}

function checkBlock(block: Record<string, unknown>, at: string, fail: Fail): void {
  switch (block.type) {
    case 'section': {
      const text = textOf(block.text);
      const fields = Array.isArray(block.fields) ? block.fields : [];
      if (text === undefined && fields.length === 0) fail(at, 'must provide either text or fields');
      checkLength(text, 3000, `${at}/text/text`, fail);
      if (fields.length > 10) fail(`${at}/fields`, 'no more than 10 items allowed');
      fields.forEach((field: unknown, i) => checkLength(textOf(field), 2000, `${at}/fields/${i}/text`, fail));
      if (isRecord(block.accessory)) checkElement(block.accessory, `${at}/accessory`, fail);
      return;
    }
    case 'header': {
      const text = block.text;
      if (!isRecord(text) || text.type !== 'plain_text') fail(`${at}/text`, 'must be a plain_text object');
      checkLength(textOf(text), 150, `${at}/text/text`, fail);
      return;
    }
    case 'actions': {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      if (elements.length === 0) fail(`${at}/elements`, 'must provide at least 1 item');
      if (elements.length > 25) fail(`${at}/elements`, 'no more than 25 items allowed');
      const actionIds = new Set<string>();
      elements.forEach((element: unknown, i) => {
        if (!isRecord(element)) return;
        if (typeof element.action_id === 'string') {
          if (actionIds.has(element.action_id)) fail(`${at}/elements/${i}/action_id`, 'duplicate action_id');
          actionIds.add(element.action_id);
        }
        checkElement(element, `${at}/elements/${i}`, fail);
      });
      return;
    }
    case 'context': {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      if (elements.length === 0 || elements.length > 10) fail(`${at}/elements`, 'must have between 1 and 10 items');
      return;
    }
    default:
      return;
  }
}

function checkElement(element: Record<string, unknown>, at: string, fail: Fail): void {
  if (typeof element.action_id === 'string') checkLength(element.action_id, 255, `${at}/action_id`, fail);
  if (element.type === 'multi_static_select' || element.type === 'static_select') {
    const options = Array.isArray(element.options) ? element.options : [];
    if (options.length === 0 || options.length > 100) fail(`${at}/options`, 'must have between 1 and 100 items');
    options.forEach((option: unknown, i) => {
      if (!isRecord(option) || !isRecord(option.text) || option.text.type !== 'plain_text') return fail(`${at}/options/${i}/text`, 'must be a plain_text object');
      checkLength(textOf(option.text), 75, `${at}/options/${i}/text/text`, fail);
      if (typeof option.value !== 'string') fail(`${at}/options/${i}/value`, 'must be a string');
      else checkLength(option.value, 150, `${at}/options/${i}/value`, fail);
    });
    if (element.placeholder !== undefined && (!isRecord(element.placeholder) || element.placeholder.type !== 'plain_text')) fail(`${at}/placeholder`, 'must be a plain_text object');
    return;
  }
  if (element.type !== 'button') return;
  const text = element.text;
  if (!isRecord(text) || text.type !== 'plain_text') fail(`${at}/text`, 'must be a plain_text object');
  checkLength(textOf(text), 75, `${at}/text/text`, fail);
  if (typeof element.value === 'string') checkLength(element.value, 2000, `${at}/value`, fail);
  if (typeof element.url === 'string') checkLength(element.url, 3000, `${at}/url`, fail);
}
