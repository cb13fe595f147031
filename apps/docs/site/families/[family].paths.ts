import { lossPages } from '../losses/loss-table.ts';
import { type FamilyPage, families } from './family-table.ts';

/** Renders one family's page body from its row of `family-table.ts` (VitePress dynamic route). */
function familyMarkdown(family: FamilyPage): string {
  const lossTitle = (id: string): string => lossPages.find((page) => page.id === id)?.title ?? id;
  return [
    `# ${family.title}`,
    '',
    family.summary,
    '',
    '## Try it',
    '',
    `<RouterWidget family="${family.id}" />`,
    '',
    '## The rule',
    '',
    '```text',
    ...family.formula,
    '```',
    '',
    `**Paper:** ${family.paper}.  `,
    `**Code:** ${family.code}.`,
    '',
    '## Paper, code and anyk',
    '',
    ...family.paperVsCode.map((line) => `- ${line}`),
    '',
    '## Config keys and defaults',
    '',
    `\`${family.factory}(config)\` from \`@anyk/routers/${family.id}\`. Bad values throw \`InvalidArgumentError\` naming the key.`,
    '',
    '| key | default | source |',
    '| --- | --- | --- |',
    ...family.defaults.map((row) => `| \`${row.key}\` | ${row.value} | ${row.source} |`),
    '',
    '```ts',
    family.example,
    '```',
    '',
    '## State updates and extras',
    '',
    family.stateUpdates,
    '',
    '## Losses it trains with',
    '',
    ...family.losses.map((loss) => `- [${lossTitle(loss.id)}](../losses/${loss.id}.md): ${loss.why}`),
    '',
    `API: [\`${family.factory}\`](../api/routers/functions/${family.factory}.md)`,
    '',
  ].join('\n');
}

export default {
  paths() {
    return families.map((family) => ({
      params: { family: family.id, title: family.title },
      content: familyMarkdown(family),
    }));
  },
};
