import { refusal } from '../testing/assertions';
import { decodeText } from './text-decoding';

const latin1 = (text: string) => Buffer.from(text, 'latin1');

describe('decodeText', () => {
  it('takes valid UTF-8 as UTF-8, and drops its byte order mark', () => {
    expect(decodeText(Buffer.from('Müller,1\n'))).toEqual({ text: 'Müller,1\n', encoding: 'utf-8' });
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Müller')]))).toEqual({ text: 'Müller', encoding: 'utf-8' });
  });

  it('takes bytes that are not UTF-8 as Windows-1252 (auto), curly quotes included', () => {
    const bytes = Buffer.concat([latin1('Soci\u00e9t\u00e9 '), Buffer.from([0x93, 0x41, 0x94, 0x20, 0x92, 0x80])]);
    expect(decodeText(bytes)).toEqual({ text: 'Société “A” ’€', encoding: 'windows-1252' });
  });

  it('maps 0x80–0x9F as WHATWG windows-1252 does, whatever Node version decodes it (nodejs/node#60888)', () => {
    const c1 = Buffer.from(Array.from({ length: 32 }, (_, i) => 0x80 + i));
    const codePoints = [...decodeText(c1, 'windows-1252').text].map((c) => c.codePointAt(0)?.toString(16));
    expect(codePoints.join(' ')).toBe(
      '20ac 81 201a 192 201e 2026 2020 2021 2c6 2030 160 2039 152 8d 17d 8f 90 2018 2019 201c 201d 2022 2013 2014 2dc 2122 161 203a 153 9d 17e 178',
    );
  });

  it('refuses non-UTF-8 bytes when UTF-8 is asked for or declared, naming the first bad line', async () => {
    const bytes = Buffer.concat([Buffer.from('line one\nline two\nline '), latin1('thr\u00e9e\n')]);
    expect(await refusal(() => decodeText(bytes, 'utf-8'))).toMatchObject({ code: 'LIST.ENCODING', line: 3 });
    const declared = await refusal(() => decodeText(bytes, 'auto', 'UTF-8'));
    expect(declared).toMatchObject({ code: 'LIST.ENCODING', line: 3 });
    expect(declared.message).toContain("pass encoding: 'windows-1252'");
  });

  it('obeys an explicit encoding over the declared one, and a BOM over both', () => {
    expect(decodeText(latin1('caf\u00e9'), 'windows-1252', 'UTF-8').text).toBe('café');
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x63, 0xc3, 0xa9]), 'windows-1252').text).toBe('cé');
  });

  it('refuses UTF-16 and NUL bytes, and declared encodings it cannot read', async () => {
    expect(await refusal(() => decodeText(Buffer.from('\ufeffName', 'utf16le')))).toMatchObject({ code: 'LIST.ENCODING', line: 1 });
    expect(await refusal(() => decodeText(Buffer.from('a\nb\0c')))).toMatchObject({ code: 'LIST.ENCODING', line: 2 });
    expect(await refusal(() => decodeText(Buffer.from('<x/>'), 'auto', 'Shift_JIS'))).toMatchObject({ code: 'LIST.ENCODING' });
  });

  it('refuses an empty file, a lone byte order mark and whitespace alike', async () => {
    for (const bytes of [Buffer.alloc(0), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(' \r\n\t\n')]) {
      expect(await refusal(() => decodeText(bytes))).toMatchObject({ code: 'LIST.EMPTY' });
    }
  });
});
