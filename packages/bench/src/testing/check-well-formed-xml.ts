/**
 * A small XML well-formedness check for the SVG and XHTML this package writes: every tag closed in order,
 * attributes quoted, no raw `<` or stray `&` in text. A leading `<!DOCTYPE ...>` and comments are skipped.
 * Returns the problems found (empty when well-formed). Not a validating parser.
 */
export function checkWellFormedXml(text: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let index = 0;
  let roots = 0;
  const checkText = (chunk: string, at: number): void => {
    const entity = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.exec(chunk);
    if (entity) problems.push(`stray "&" at ${at + entity.index}`);
  };
  while (index < text.length) {
    const open = text.indexOf('<', index);
    if (open < 0) {
      checkText(text.slice(index), index);
      break;
    }
    checkText(text.slice(index, open), index);
    if (text.startsWith('<!--', open)) {
      const end = text.indexOf('-->', open);
      if (end < 0) return [...problems, `unclosed comment at ${open}`];
      index = end + 3;
      continue;
    }
    if (text.startsWith('<!DOCTYPE', open) || text.startsWith('<?xml', open)) {
      index = text.indexOf('>', open) + 1;
      if (index === 0) return [...problems, `unclosed declaration at ${open}`];
      continue;
    }
    const close = text.indexOf('>', open);
    if (close < 0) return [...problems, `unclosed tag at ${open}`];
    const tag = text.slice(open + 1, close);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const expected = stack.pop();
      if (expected !== name) problems.push(`</${name}> at ${open} closes <${expected ?? 'nothing'}>`);
    } else {
      const selfClosing = tag.endsWith('/');
      const body = selfClosing ? tag.slice(0, -1) : tag;
      const match = /^([A-Za-z_][\w:.-]*)([\s\S]*)$/.exec(body);
      if (!match) {
        problems.push(`bad tag "<${tag.slice(0, 20)}" at ${open}`);
      } else {
        const [, name, attributes] = match as unknown as [string, string, string];
        const rest = attributes.replace(/\s+[A-Za-z_][\w:.-]*\s*=\s*("[^"<]*"|'[^'<]*')/g, '').trim();
        if (rest !== '') problems.push(`malformed attributes in <${name}> at ${open}: ${rest.slice(0, 30)}`);
        if (stack.length === 0) roots++;
        if (!selfClosing) stack.push(name);
      }
    }
    index = close + 1;
  }
  if (stack.length > 0) problems.push(`unclosed elements: ${stack.join(' > ')}`);
  if (roots !== 1) problems.push(`expected one root element, found ${roots}`);
  return problems;
}
