import { describe, expect, it } from 'vitest';
import { checkWellFormedXml } from './check-well-formed-xml.ts';

describe('checkWellFormedXml', () => {
  it('accepts well-formed markup with a doctype, comments, entities and self-closing tags', () => {
    expect(
      checkWellFormedXml('<!DOCTYPE html>\n<html><!-- c --><p a="1" b=\'2\'>x &amp; y<br/></p></html>'),
    ).toEqual([]);
  });

  it.each([
    ['<a><b></a></b>', /closes/],
    ['<a>', /unclosed elements/],
    ['<a x=1></a>', /malformed attributes/],
    ['<a>1 & 2</a>', /stray "&"/],
    ['<a></a><b></b>', /one root/],
  ])('rejects %s', (markup, problem) => {
    expect(checkWellFormedXml(markup).join('\n')).toMatch(problem);
  });
});
