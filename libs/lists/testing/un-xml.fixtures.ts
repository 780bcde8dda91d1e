/**
 * Small UN Consolidated List files written for the unit tests, in the two layouts the UN has
 * published: pretty-printed (2016, 2026) and one record per line (2018–2023).
 */

export const UN_INDIVIDUAL = {
  DATAID: '6908555',
  REFERENCE_NUMBER: 'KPi.033',
};

const individual = `<INDIVIDUAL>
  <DATAID>6908555</DATAID>
  <VERSIONNUM>1</VERSIONNUM>
  <FIRST_NAME> RI </FIRST_NAME>
  <SECOND_NAME>WON HO</SECOND_NAME>
  <THIRD_NAME/>
  <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
  <REFERENCE_NUMBER>KPi.033</REFERENCE_NUMBER>
  <LISTED_ON>2016-11-30</LISTED_ON>
  <NAME_ORIGINAL_SCRIPT>리원호</NAME_ORIGINAL_SCRIPT>
  <COMMENTS1>Ri Won Ho is a DPRK Ministry of State Security Official
      stationed in Syria supporting KOMID.</COMMENTS1>
  <TITLE><VALUE>Colonel</VALUE></TITLE>
  <DESIGNATION><VALUE>DPRK Ministry of State Security Official</VALUE></DESIGNATION>
  <NATIONALITY><VALUE>Democratic People's Republic of Korea</VALUE></NATIONALITY>
  <LIST_TYPE><VALUE>UN List</VALUE></LIST_TYPE>
  <LAST_DAY_UPDATED><VALUE>2017-01-04</VALUE><VALUE>2018-03-02</VALUE></LAST_DAY_UPDATED>
  <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Ri Won-ho</ALIAS_NAME></INDIVIDUAL_ALIAS>
  <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Won Ho</ALIAS_NAME></INDIVIDUAL_ALIAS>
  <INDIVIDUAL_ALIAS><QUALITY>f.k.a.</QUALITY><ALIAS_NAME>Ri Won</ALIAS_NAME><DATE_OF_BIRTH>1963-01-01</DATE_OF_BIRTH><NOTE>used in 2010</NOTE></INDIVIDUAL_ALIAS>
  <INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>
  <INDIVIDUAL_ADDRESS><CITY>Damascus</CITY><COUNTRY>Syrian Arab Republic</COUNTRY></INDIVIDUAL_ADDRESS>
  <INDIVIDUAL_ADDRESS><COUNTRY/></INDIVIDUAL_ADDRESS>
  <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1964-07-17</DATE></INDIVIDUAL_DATE_OF_BIRTH>
  <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1965</YEAR></INDIVIDUAL_DATE_OF_BIRTH>
  <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1960</FROM_YEAR><TO_YEAR>1962</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
  <INDIVIDUAL_PLACE_OF_BIRTH><CITY>Pyongyang</CITY><COUNTRY>Democratic People's Republic of Korea</COUNTRY></INDIVIDUAL_PLACE_OF_BIRTH>
  <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER> 381310014</NUMBER><ISSUING_COUNTRY>Democratic People's Republic of Korea</ISSUING_COUNTRY><DATE_OF_ISSUE>2011-03-04</DATE_OF_ISSUE></INDIVIDUAL_DOCUMENT>
  <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>National Identification Number</TYPE_OF_DOCUMENT><NOTE>04643632 issued on 18 Jun. 1999</NOTE></INDIVIDUAL_DOCUMENT>
  <SORT_KEY/>
  <SORT_KEY_LAST_MOD/>
</INDIVIDUAL>`;

const entity = `<ENTITY>
  <DATAID>110430</DATAID>
  <VERSIONNUM>1</VERSIONNUM>
  <FIRST_NAME>KOREA MINING DEVELOPMENT TRADING CORPORATION</FIRST_NAME>
  <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
  <REFERENCE_NUMBER>KPe.001</REFERENCE_NUMBER>
  <LISTED_ON>2009-04-24</LISTED_ON>
  <COMMENTS1>Primary arms dealer.</COMMENTS1>
  <LIST_TYPE><VALUE>UN List</VALUE></LIST_TYPE>
  <LAST_DAY_UPDATED><VALUE/></LAST_DAY_UPDATED>
  <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>CHANGGWANG SINYONG CORPORATION</ALIAS_NAME></ENTITY_ALIAS>
  <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>KOMID</ALIAS_NAME></ENTITY_ALIAS>
  <ENTITY_ADDRESS><STREET>Central District</STREET><CITY>Pyongyang</CITY><COUNTRY>Democratic People's Republic of Korea</COUNTRY></ENTITY_ADDRESS>
  <SORT_KEY/>
  <SORT_KEY_LAST_MOD/>
</ENTITY>`;

export interface UnFixtureOptions {
  dateGenerated?: string;
  individuals?: string[];
  entities?: string[];
  declaration?: string;
}

const ROOT_ATTRIBUTES = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="https://www.un.org/sc/resources/sc-sanctions.xsd"';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** A pretty-printed file: every element on its own line, indented. */
export function unPrettyXml({ dateGenerated = '2016-06-20T15:50:12.432-04:00', individuals = [individual], entities = [entity], declaration = DECLARATION }: UnFixtureOptions = {}): string {
  const indent = (block: string) => block.replace(/^/gm, '      ');
  return `${declaration}
<CONSOLIDATED_LIST ${ROOT_ATTRIBUTES.replace(' ', '\n                   ')}
                   dateGenerated="${dateGenerated}">
   <INDIVIDUALS>
${individuals.map(indent).join('\n')}
   </INDIVIDUALS>
   <ENTITIES>
${entities.map(indent).join('\n')}
   </ENTITIES>
</CONSOLIDATED_LIST>
`;
}

/** The same content one record per line, as the 2018–2023 files are (text inside values keeps its own line breaks). */
export function unOneLineXml({ dateGenerated = '2016-06-20T15:50:12.432-04:00', individuals = [individual], entities = [entity], declaration = DECLARATION }: UnFixtureOptions = {}): string {
  const oneLine = (block: string) => `        ${block.replace(/>\s*\n\s*</g, '><')}`;
  return `${declaration}<CONSOLIDATED_LIST ${ROOT_ATTRIBUTES} dateGenerated="${dateGenerated}">
    <INDIVIDUALS>
${individuals.map(oneLine).join('\n')}
    </INDIVIDUALS>
    <ENTITIES>
${entities.map(oneLine).join('\n')}
    </ENTITIES>
</CONSOLIDATED_LIST>`;
}

export const UN_RECORDS = { individual, entity };

/** A record with one field changed, for reconciliation tests. */
export const amended = (record: string, from: string, to: string): string => {
  if (!record.includes(from)) throw new Error(`fixture has no ${from}`);
  return record.replace(from, to);
};
