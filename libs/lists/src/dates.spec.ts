import { fromDayMonthYear, fromIsoDate, fromMonthDayYear, ofacDateOfBirth } from './dates';

describe('dates as precise as the source gives them', () => {
  it('reads dd/mm/yyyy with 00 as unknown, never as the first', () => {
    expect(fromDayMonthYear('27/04/2020')).toBe('2020-04-27');
    expect(fromDayMonthYear('00/05/1980')).toBe('1980-05');
    expect(fromDayMonthYear('00/00/1980')).toBe('1980');
    expect(fromDayMonthYear('31/02/1980')).toBeUndefined();
    expect(fromDayMonthYear('12/00/1980')).toBeUndefined();
  });

  it('reads OFAC mm/dd/yyyy and ISO dates, dropping a time zone but not inventing days', () => {
    expect(fromMonthDayYear('04/06/2018')).toBe('2018-04-06');
    expect(fromIsoDate('1975-06-14-04:00')).toBe('1975-06-14');
    expect(fromIsoDate('2018-06-07T19:03:43.97-04:00')).toBe('2018-06-07');
    expect(fromIsoDate('1965')).toBe('1965');
    expect(fromIsoDate('1965-00-00')).toBe('1965');
    expect(fromIsoDate('around 1965')).toBeUndefined();
  });

  it('reads OFAC dates of birth: full, month, year, circa, ranges; anything else verbatim', () => {
    expect(ofacDateOfBirth('14 Jun 1975')).toEqual({ type: 'date', date: '1975-06-14' });
    expect(ofacDateOfBirth('Jun 1975')).toEqual({ type: 'date', date: '1975-06' });
    expect(ofacDateOfBirth('1975.')).toEqual({ type: 'date', date: '1975' });
    expect(ofacDateOfBirth('circa 1975')).toEqual({ type: 'date', date: '1975', approximate: true });
    expect(ofacDateOfBirth('1960 to 1962')).toEqual({ type: 'range', from: '1960', to: '1962' });
    expect(ofacDateOfBirth('circa 1960-1962')).toEqual({ type: 'range', from: '1960', to: '1962', approximate: true });
    expect(ofacDateOfBirth('01 Jan 1960 to 31 Dec 1962')).toEqual({ type: 'range', from: '1960-01-01', to: '1962-12-31' });
    expect(ofacDateOfBirth('between 1960 and 1962')).toEqual({ type: 'text', text: 'between 1960 and 1962' });
  });
});
