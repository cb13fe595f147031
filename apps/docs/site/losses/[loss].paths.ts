import { families } from '../families/family-table.ts';
import { type LossPage, lossPages } from './loss-table.ts';

/** Renders one loss or controller page from its row of `loss-table.ts` (VitePress dynamic route). */
function lossMarkdown(page: LossPage): string {
  const familyTitle = (id: string): string => families.find((family) => family.id === id)?.title ?? id;
  return [
    `# ${page.title}`,
    '',
    page.summary,
    '',
    '```text',
    ...page.formula,
    '```',
    '',
    ...(page.chart ? ['## Live chart', '', `<ControllerChart kind="${page.chart}" />`, ''] : []),
    '## Defaults',
    '',
    ...page.defaults.map((line) => `- ${line}`),
    '',
    '## Notes',
    '',
    ...page.notes.map((line) => `- ${line}`),
    '',
    '## In `@anyk/losses`',
    '',
    ...page.exports.map((name) => `- [\`${name}\`](../api/losses/functions/${name}.md)`),
    '',
    '## Used by',
    '',
    ...page.families.map((id) => `- [${familyTitle(id)}](../families/${id}.md)`),
    '',
  ].join('\n');
}

export default {
  paths() {
    return lossPages.map((page) => ({ params: { loss: page.id }, content: lossMarkdown(page) }));
  },
};
