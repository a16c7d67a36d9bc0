import { describe, expect, it } from 'vitest';
import { xmlDocument } from '../../src/open311/xml.js';
import { renderAnswer } from '../../src/open311/render.js';
import { refuse } from '../../src/open311/answer.js';

describe('Open311 XML', () => {
  it('writes lists as a wrapper of named items, null as an empty element, and escapes text', () => {
    const xml = xmlDocument('service_requests', [{ service_request_id: 'HY-1', description: '烟 <b>&"x"', lat: 30.75, address_id: null, ok: true }]);
    expect(xml).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<service_requests><request><service_request_id>HY-1</service_request_id><description>烟 &lt;b&gt;&amp;&quot;x&quot;</description><lat>30.75</lat><address_id></address_id><ok>true</ok></request></service_requests>',
    );
  });

  it('nests the lists of a service definition and of discovery', () => {
    expect(xmlDocument('service_definition', { service_code: 'air', attributes: [{ code: 'x', values: [{ key: 'a', name: 'A' }] }] })).toContain(
      '<service_definition><service_code>air</service_code><attributes><attribute><code>x</code><values><value><key>a</key><name>A</name></value></values></attribute></attributes></service_definition>',
    );
    expect(xmlDocument('discovery', { endpoints: [{ formats: ['text/xml'] }] })).toContain('<endpoints><endpoint><formats><format>text/xml</format></formats></endpoint></endpoints>');
  });

  it('drops characters XML cannot carry, and refuses a list it has no item name for', () => {
    expect(xmlDocument('errors', [{ code: 400, description: 'a\u0000b\u001Fc' }])).toContain('<description>abc</description>');
    expect(() => xmlDocument('things', { stuff: [1] })).toThrow(/stuff/);
  });

  it('writes errors in the spec shape in either format', () => {
    const a = refuse(403, { zh: '无效', en: 'Invalid' });
    expect(renderAnswer(a, 'json')).toEqual({ status: 403, contentType: 'application/json; charset=utf-8', body: '[{"code":403,"description":"无效 / Invalid"}]' });
    expect(renderAnswer(a, 'xml').body).toContain('<errors><error><code>403</code><description>无效 / Invalid</description></error></errors>');
  });
});
