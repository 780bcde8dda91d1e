/**
 * A small HMT/OFSI Consolidated List CSV written for the unit tests: "Last Updated" first, then
 * the header, then one row per name variant (and per date of birth), in Windows-1252 with CRLF,
 * as OFSI published it.
 */

export const OFSI_HEADER =
  'Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,DOB,Town of Birth,Country of Birth,Nationality,Passport Details,NI Number,Position,Address 1,Address 2,Address 3,Address 4,Address 5,Address 6,Post/Zip Code,Country,Other Information,Group Type,Alias Type,Regime,Listed On,Last Updated,Group ID';

export const OFSI_ROWS = [
  'AL-QAHTANI,Sheikh,Farooq,,,,,00/00/1980,,Saudi Arabia,1) Saudi Arabia 2) Qatar,Passport No: 592667 (Qatari passport issued on 3 May 2007).,,,,,,,,,,Afghanistan (since 2009),UN Ref QDe.004. Emir for the eastern zone of Afghanistan.,Individual,AKA,The ISIL (Da\u0092esh) and Al-Qaida organisations,01/04/2016,01/04/2016,13349',
  'AL-QAHTANI,Sheikh,Farooq,,,,,00/00/1981,,Saudi Arabia,1) Saudi Arabia 2) Qatar,Passport No: 592667 (Qatari passport issued on 3 May 2007).,,,,,,,,,,Afghanistan (since 2009),UN Ref QDe.004. Emir for the eastern zone of Afghanistan.,Individual,AKA,The ISIL (Da\u0092esh) and Al-Qaida organisations,01/04/2016,01/04/2016,13349',
  'AL-HABABI,Nayef,Salam,Muhammad,Ujaym,,,00/00/1980,,Saudi Arabia,1) Saudi Arabia 2) Qatar,Passport No: 592667 (Qatari passport issued on 3 May 2007).,,,,,,,,,,Afghanistan (since 2009),UN Ref QDe.004. Emir for the eastern zone of Afghanistan.,Individual,Prime Alias,The ISIL (Da\u0092esh) and Al-Qaida organisations,01/04/2016,01/04/2016,13349',
  '14TH MOTORIZED RIFLE BATTALION,,,,,,,,,,,,,,,,,,,,,,"Armed separatist group, part of the so-called \u00932nd Army Corps\u0094 of the \u0093Lugansk People\u0092s Republic\u0094.",Entity,AKA,Ukraine (Sovereignty),16/02/2015,20/09/2018,13222',
  'BATALLION ZARIA,,,,,,,,,,,,,,Ulitsa Lenina 1,,,,,Lugansk,,Ukraine,"Armed separatist group, part of the so-called \u00932nd Army Corps\u0094 of the \u0093Lugansk People\u0092s Republic\u0094.",Entity,Prime Alias,Ukraine (Sovereignty),16/02/2015,20/09/2018,13222',
  'BATALLION ZARIA,,,,,,,,,,,,,,Ulitsa Lenina 1,,,,,Lugansk,,Ukraine,"Armed separatist group, part of the so-called \u00932nd Army Corps\u0094 of the \u0093Lugansk People\u0092s Republic\u0094.",Entity,Prime Alias,Russia,16/02/2015,21/09/2018,13222',
];

export function ofsiCsv({ lastUpdated = '27/04/2020', header = OFSI_HEADER, rows = OFSI_ROWS } = {}): Buffer {
  return Buffer.from([`Last Updated,${lastUpdated}`, header, ...rows].join('\r\n') + '\r\n', 'latin1');
}
