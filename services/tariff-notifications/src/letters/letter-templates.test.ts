import path from 'node:path';
import {
  MissingFieldsError,
  loadTemplates,
  parseTemplate,
  renderLetter,
  TEMPLATE_NAMES,
} from './letter-templates';

const dir = path.join(__dirname, '../../templates');

describe('letter templates', () => {
  it('When the service starts, then every template the code names is found with its fields', () => {
    const t = loadTemplates(dir);
    for (const n of TEMPLATE_NAMES) expect(t.get(n)?.fields.length).toBeGreaterThan(0);
    expect(t.get('tariff-letter-above-pl')!.fields).toEqual(
      expect.arrayContaining([
        'offerName',
        'supplierName',
        'currentTariff',
        'newTariff',
        'increasePercent',
        'plRate',
      ]),
    );
  });

  it('When filled, then subject, plain text and HTML carry the Danish text and the values', () => {
    const t = parseTemplate(
      'x',
      '---\nsubject: Takst for {{offer}}\n---\nKære {{name}}\n\n- Stigning: **{{pct}}**\n- Se [portalen]({{url}})',
    );
    const r = renderLetter(t, {
      offer: 'Bostedet Æblehaven',
      name: 'Søren',
      pct: '5,01 %',
      url: 'https://portal.example.dk/x',
    });
    expect(r.subject).toBe('Takst for Bostedet Æblehaven');
    expect(r.text).toContain('Kære Søren');
    expect(r.text).toContain('- Stigning: 5,01 %');
    expect(r.text).toContain('portalen (https://portal.example.dk/x)');
    expect(r.html).toContain('<li>Stigning: <strong>5,01 %</strong></li>');
    expect(r.html).toContain('<a href="https://portal.example.dk/x">portalen</a>');
  });

  it('When a link shows its own address, then the plain text names it once', () => {
    const t = parseTemplate('x', '---\nsubject: s\n---\nSe [{{url}}]({{url}})');
    expect(renderLetter(t, { url: 'https://p.example.dk' }).text).toBe('Se https://p.example.dk');
    expect(() => renderLetter(t, { url: 'javascript:alert(1)' })).toThrow(/http/);
  });

  it('When a value holds markup, then it is shown as text, never as HTML', () => {
    const t = parseTemplate('x', '---\nsubject: s\n---\nHej {{name}}');
    const r = renderLetter(t, { name: '<script>alert(1)</script> **fed**' });
    expect(r.html).toContain('&lt;script&gt;');
    expect(r.html).not.toContain('<strong>fed</strong>');
  });

  it('When a field is missing, then the letter is refused with the names of the missing fields', () => {
    const t = parseTemplate('x', '---\nsubject: {{a}}\n---\n{{b}} {{c}}');
    expect(() => renderLetter(t, { a: '1' })).toThrow(MissingFieldsError);
    expect(() => renderLetter(t, { a: '1' })).toThrow('missing template fields: b, c');
  });

  it('When the subject block is missing, then loading fails with the template name', () => {
    expect(() => parseTemplate('broken', 'Kære leverandør')).toThrow(/broken/);
  });
});
