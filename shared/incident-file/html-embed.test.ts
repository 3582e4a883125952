import { describe, expect, it } from 'vitest';
import { MAX_INCIDENT_FILE_BYTES } from '../api/bundle';
import { decodeBase64, encodeBase64, escapeHtml, extractIncidentFileFromHtml, incidentEmbedElement, looksLikeHtml } from './html-embed';

const page = (element: string) => `<!doctype html><html><head><title>x</title></head><body>${element}<script>var a = 1;</script></body></html>`;

describe('base64', () => {
  it('round-trips every length remainder and every byte value', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 256, 10_001]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + length) & 0xff);
      const encoded = encodeBase64(bytes);
      expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(encoded)).toEqual(bytes);
    }
  });

  it('refuses characters outside the alphabet', () => {
    expect(decodeBase64('QUJD*A==')).toBeUndefined();
    expect(decodeBase64('QUJDR')).toBeUndefined();
  });
});

describe('extractIncidentFileFromHtml', () => {
  const file = new TextEncoder().encode('{"format":"lockstep.incident"}');

  it('gives back the exact bytes and the file name embedded', () => {
    const result = extractIncidentFileFromHtml(page(incidentEmbedElement(file, 'bad "release" <b>.lockstep.json')));
    expect(result).toEqual({ ok: true, name: 'bad "release" <b>.lockstep.json', bytes: file });
  });

  it('writes a hostile name only escaped: nothing in it can close the element', () => {
    const element = incidentEmbedElement(file, '"></script><img src=x onerror=alert(1)>');
    expect(element).not.toContain('</script><img');
    expect(element.match(/<script/g)).toHaveLength(1);
    expect(element.match(/<\/script/g)).toHaveLength(1);
    expect(escapeHtml(`<>&"'\``)).toBe('&#60;&#62;&#38;&#34;&#39;&#96;');
  });

  it('skips other script elements and finds the one with its id', () => {
    const html = `<script type="module">let x = "</scr" + "ipt>";</script>${incidentEmbedElement(file, 'a.lockstep.json')}`;
    expect(extractIncidentFileFromHtml(html)).toMatchObject({ ok: true, name: 'a.lockstep.json' });
  });

  it('says what is wrong with a page that is not a report, a truncated one and a damaged one', () => {
    expect(extractIncidentFileFromHtml('<html><body>hello</body></html>')).toEqual({
      ok: false,
      problem: 'This HTML page is not a Lockstep incident report: it carries no embedded incident file.',
    });
    const whole = page(incidentEmbedElement(file, 'a'));
    expect(extractIncidentFileFromHtml(whole.slice(0, whole.indexOf('</script')))).toEqual({
      ok: false,
      problem: 'The incident report is cut short: its embedded incident file has no end (the file was truncated).',
    });
    expect(extractIncidentFileFromHtml(page('<script type="application/octet-stream" id="lockstep-incident">AB$D</script>'))).toEqual({
      ok: false,
      problem: 'The incident file inside this report is damaged: its embedded data is not valid base64.',
    });
  });

  it('refuses an embedded file over the limit from its length, before decoding', () => {
    const huge = 'A'.repeat(Math.ceil((MAX_INCIDENT_FILE_BYTES * 4) / 3) + 8);
    const result = extractIncidentFileFromHtml(`<script id="lockstep-incident" type="application/octet-stream">${huge}</script>`);
    expect(result).toEqual({ ok: false, problem: 'The incident file inside this report is larger than the 100 MB limit, so it was not read.' });
  });

  it('tells an HTML report from an incident file by name or by its first bytes', () => {
    expect(looksLikeHtml('incident.lockstep.html', '')).toBe(true);
    expect(looksLikeHtml('download', '\uFEFF  <!DOCTYPE html><html>')).toBe(true);
    expect(looksLikeHtml('incident.lockstep.json', '{"format":"lockstep.incident"}')).toBe(false);
  });
});
