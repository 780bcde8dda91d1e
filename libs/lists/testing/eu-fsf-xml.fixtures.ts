/** Small EU Financial Sanctions Files, written for the unit tests: FSF v1.1 (`export`) and legacy v1.0 (`WHOLE`). */

export const EU_SANCTION_ENTITIES = {
  person: `<sanctionEntity designationDate="2008-07-03" designationDetails="" unitedNationId="QDi.232" euReferenceNumber="EU.2026.82" logicalId="5295">
        <regulation regulationType="amendment" organisationType="commission" publicationDate="2019-04-08" entryIntoForceDate="2019-04-09" numberTitle="2019/555 (OJ L97)" programme="TAQA" logicalId="118061">
            <publicationUrl>https://eur-lex.europa.eu/legal-content/EN/TXT/PDF/?uri=OJ:L:2019:097:FULL&amp;from=EN</publicationUrl>
        </regulation>
        <subjectType code="person" classificationCode="P"/>
        <nameAlias firstName="Abid" middleName="" lastName="Hammadou" wholeName="Abid Hammadou" function="Leader" title="" gender="M" nameLanguage="" strong="true" regulationLanguage="en" logicalId="16353"/>
        <nameAlias firstName="" middleName="" lastName="" wholeName="Abou Abdellah" function="" title="" nameLanguage="" strong="false" regulationLanguage="en" logicalId="6724">
            <remark>Reportedly deceased.</remark>
        </nameAlias>
        <citizenship region="" countryIso2Code="DZ" countryDescription="ALGERIA" regulationLanguage="en" logicalId="526"/>
        <birthdate circa="false" calendarType="GREGORIAN" city="Touggourt" zipCode="" birthdate="1965-12-12" dayOfMonth="12" monthOfYear="12" year="1965" region="" place="" countryIso2Code="DZ" countryDescription="ALGERIA" regulationLanguage="en" logicalId="119885"/>
        <birthdate circa="true" calendarType="GREGORIAN" city="Deb-Deb" zipCode="" year="1958" region="" place="" countryIso2Code="DZ" countryDescription="ALGERIA" regulationLanguage="en" logicalId="1074"/>
        <identification diplomatic="false" knownExpired="true" knownFalse="false" reportedLost="false" revokedByIssuer="false" issuedBy="" latinNumber="" nameOnDocument="" number="A 0141062" region="" countryIso2Code="DE" countryDescription="GERMANY" identificationTypeCode="passport" identificationTypeDescription="National passport" regulationLanguage="en" logicalId="5">
            <remark>expired 2012</remark>
        </identification>
        <address city="" street="" poBox="" zipCode="" region="North Kivu" place="Kikoma forest" asAtListingTime="false" countryIso2Code="CD" countryDescription="CONGO, Democratic Republic of" regulationLanguage="en" logicalId="111053"/>
    </sanctionEntity>`,
  enterprise: `<sanctionEntity designationDate="2009-07-16" designationDetails="" unitedNationId="" euReferenceNumber="EU.4011.64" logicalId="5463">
        <regulation regulationType="repealing" organisationType="council" publicationDate="2017-08-31" entryIntoForceDate="2017-09-01" numberTitle="2017/1509 (OJ L224)" programme="PRK" logicalId="107441"/>
        <subjectType code="enterprise" classificationCode="E"/>
        <nameAlias firstName="" middleName="" lastName="" wholeName="Korea Ryonbong General Corporation" function="" title="" nameLanguage="" strong="true" regulationLanguage="en" logicalId="1"/>
    </sanctionEntity>`,
};

export function euFsfXml(entities: string[] = Object.values(EU_SANCTION_ENTITIES), generationDate = '2020-04-15T15:29:22.497+02:00'): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="${generationDate}" globalFileId="123465">
    ${entities.join('\n    ')}
</export>
`;
}

export const EU_LEGACY_ENTITIES = {
  person: `<ENTITY Id="1" Type="P" legal_basis="151/2012 (OJ L49)" reg_date="2012-02-21" pdf_link="http://eur-lex.europa.eu/x.pdf" programme="ZWE" remark="(Entity is sanctioned in regime 310/2002 (OJ L50))">
<NAME Id="1" Entity_id="1" legal_basis="898/2005 (OJ L153)" reg_date="2005-06-16" pdf_link="http://eur-lex.europa.eu/y.pdf" programme="ZWE">
<LASTNAME>Mugabe</LASTNAME>
<FIRSTNAME>Robert</FIRSTNAME>
<MIDDLENAME>Gabriel</MIDDLENAME>
<WHOLENAME>Robert Gabriel Mugabe</WHOLENAME>
<GENDER>M</GENDER>
<TITLE/>
<FUNCTION>President</FUNCTION>
<LANGUAGE/>
</NAME>
<NAME Id="380" Entity_id="1" legal_basis="1210/2003 (OJ L169)" reg_date="2003-07-08" pdf_link="http://eur-lex.europa.eu/z.pdf" programme="ZWE">
<LASTNAME/>
<FIRSTNAME/>
<MIDDLENAME/>
<WHOLENAME>Bob Mugabe</WHOLENAME>
<GENDER/>
<TITLE/>
<FUNCTION/>
<LANGUAGE>FR</LANGUAGE>
</NAME>
<BIRTH Id="1" Entity_id="1" legal_basis="898/2005 (OJ L153)" reg_date="2005-06-16" pdf_link="http://eur-lex.europa.eu/y.pdf" programme="ZWE">
<DATE>1924-02-21</DATE>
<PLACE>Kutama</PLACE>
<COUNTRY/>
</BIRTH>
<BIRTH Id="2" Entity_id="1" legal_basis="898/2005 (OJ L153)" reg_date="2005-06-16" pdf_link="http://eur-lex.europa.eu/y.pdf" programme="ZWE">
<DATE>1922 - 1925 (approximative)</DATE>
<PLACE/>
<COUNTRY/>
</BIRTH>
<PASSPORT Id="315" Entity_id="1" legal_basis="151/2012 (OJ L49)" reg_date="2012-02-22" pdf_link="http://eur-lex.europa.eu/x.pdf" programme="ZWE">
<NUMBER>AD001095 (passport-National passport) ((passport))</NUMBER>
<COUNTRY>ZWE</COUNTRY>
</PASSPORT>
<CITIZEN Id="1" Entity_id="1" legal_basis="898/2005 (OJ L153)" reg_date="2005-06-16" pdf_link="http://eur-lex.europa.eu/y.pdf" programme="ZWE">
<COUNTRY>ZWE</COUNTRY>
</CITIZEN>
</ENTITY>`,
  enterprise: `<ENTITY Id="3221" Type="E" legal_basis="2018/2005 (OJ L324)" reg_date="2005-12-10" pdf_link="http://eur-lex.europa.eu/w.pdf" programme="TAQA" remark="">
<NAME Id="7" Entity_id="3221" legal_basis="2018/2005 (OJ L324)" reg_date="2005-12-10" pdf_link="http://eur-lex.europa.eu/w.pdf" programme="TAQA">
<LASTNAME/>
<FIRSTNAME/>
<MIDDLENAME/>
<WHOLENAME>Al-Barakat Bank</WHOLENAME>
<GENDER/>
<TITLE/>
<FUNCTION/>
<LANGUAGE/>
</NAME>
<ADDRESS Id="9" Entity_id="3221" legal_basis="2018/2005 (OJ L324)" reg_date="2005-12-10" pdf_link="http://eur-lex.europa.eu/w.pdf" programme="TAQA">
<NUMBER>1</NUMBER>
<STREET>Via Roma</STREET>
<ZIPCODE>00100</ZIPCODE>
<CITY>Roma</CITY>
<COUNTRY>ITA</COUNTRY>
<OTHER>head office</OTHER>
</ADDRESS>
</ENTITY>`,
};

export function euLegacyXml(entities: string[] = Object.values(EU_LEGACY_ENTITIES), date = '11/02/2016'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- GENERATED BY FSD -->
<WHOLE Date="${date}">
${entities.join('\n')}
</WHOLE>
`;
}
