/** A small OFAC enhanced XML file (`sanctionsData`, …/ENHANCED_XML), written for the unit tests. */

const NAMESPACE = 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML';

export const ENHANCED_ENTITIES = {
  person: `<entity id="9639">
      <generalInfo><identityId>1978</identityId><entityType refId="600">Individual</entityType><remarks>Member of council.</remarks></generalInfo>
      <sanctionsLists>
        <sanctionsList refId="91243" id="14296" datePublished="2006-04-12">Non-SDN Palestinian Legislative Council List</sanctionsList>
        <sanctionsList refId="91512" id="14464" datePublished="2014-10-10">Consolidated List</sanctionsList>
      </sanctionsLists>
      <sanctionsPrograms><sanctionsProgram refId="91055" id="6243">NS-PLC</sanctionsProgram></sanctionsPrograms>
      <sanctionsTypes><sanctionsType refId="1706" id="3401">Reject</sanctionsType></sanctionsTypes>
      <legalAuthorities><legalAuthority refId="91262" id="3770">General License 4 Under EO 13224 (Terrorism)</legalAuthority></legalAuthorities>
      <names>
        <name id="9150">
          <isPrimary>false</isPrimary>
          <aliasType refId="1400">A.K.A.</aliasType>
          <isLowQuality>true</isLowQuality>
          <translations>
            <translation id="10142"><isPrimary>true</isPrimary><script refId="20122">Latin</script><formattedFirstName>Ismail</formattedFirstName><formattedLastName>HANIYA</formattedLastName><formattedFullName>HANIYA, Ismail</formattedFullName></translation>
          </translations>
        </name>
        <name id="17177">
          <isPrimary>true</isPrimary>
          <isLowQuality>false</isLowQuality>
          <translations>
            <translation id="1978"><isPrimary>true</isPrimary><script refId="20122">Latin</script><formattedFirstName>Ismail Abdul Salah</formattedFirstName><formattedLastName>HANIYA</formattedLastName><formattedFullName>HANIYA, Ismail Abdul Salah</formattedFullName></translation>
            <translation id="1979"><isPrimary>false</isPrimary><script refId="20118">Arabic</script><formattedFullName>إسماعيل هنية</formattedFullName></translation>
          </translations>
        </name>
      </names>
      <addresses>
        <address id="12812">
          <country refId="11225">Palestinian</country>
          <translations>
            <translation id="8253"><isPrimary>true</isPrimary><script refId="20122">Latin</script>
              <addressParts>
                <addressPart id="1"><type refId="1451">ADDRESS1</type><value>Al-Shati Camp</value></addressPart>
                <addressPart id="2"><type refId="1454">CITY</type><value>Gaza</value></addressPart>
              </addressParts>
            </translation>
          </translations>
        </address>
      </addresses>
      <features>
        <feature id="4696"><type featureTypeId="8">Birthdate</type><versionId>1610</versionId><value>1962</value>
          <valueDate id="756"><fromDateBegin>1962-01-01</fromDateBegin><fromDateEnd>1962-01-01</fromDateEnd><toDateBegin>1962-12-31</toDateBegin><toDateEnd>1962-12-31</toDateEnd><isApproximate>true</isApproximate><isDateRange>false</isDateRange></valueDate>
          <isPrimary>true</isPrimary></feature>
        <feature id="4697"><type featureTypeId="9">Place of Birth</type><versionId>1611</versionId><value>Shati</value><isPrimary>true</isPrimary></feature>
        <feature id="4698"><type featureTypeId="344">Digital Currency Address - XBT</type><versionId>1612</versionId><value>bc1qexamplewallet</value><isPrimary>false</isPrimary></feature>
        <feature id="4699"><type featureTypeId="504">Secondary sanctions risk:</type><versionId>1613</versionId><value>Section 1(b) of Executive Order 13224</value><isPrimary>true</isPrimary></feature>
      </features>
    </entity>`,
  bank: `<entity id="17013">
      <generalInfo><identityId>17013</identityId><entityType refId="601">Entity</entityType></generalInfo>
      <sanctionsLists><sanctionsList refId="91512" id="1" datePublished="2014-07-16">Consolidated List</sanctionsList></sanctionsLists>
      <sanctionsPrograms><sanctionsProgram refId="91058" id="2">UKRAINE-EO13662</sanctionsProgram></sanctionsPrograms>
      <sanctionsTypes/>
      <legalAuthorities/>
      <names>
        <name id="26071"><isPrimary>true</isPrimary><isLowQuality>false</isLowQuality>
          <translations><translation id="19378"><isPrimary>true</isPrimary><script refId="20122">Latin</script><formattedLastName>VTB BANK PUBLIC JOINT STOCK COMPANY</formattedLastName><formattedFullName>VTB BANK PUBLIC JOINT STOCK COMPANY</formattedFullName></translation></translations>
        </name>
      </names>
      <addresses/>
      <identityDocuments>
        <identityDocument id="9477"><type refId="1585">Registration ID</type><name nameId="26071" nameTranslationId="19378">VTB BANK PUBLIC JOINT STOCK COMPANY</name><documentNumber>1027739609391</documentNumber><isValid>true</isValid><issuingCountry refId="11245">Russia</issuingCountry></identityDocument>
      </identityDocuments>
      <relationships>
        <relationship id="13449"><type refId="15003">Owned or Controlled By</type><relatedEntity entityId="1">GOVERNMENT OF THE RUSSIAN FEDERATION</relatedEntity></relationship>
      </relationships>
    </entity>`,
};

export function enhancedXml(entities: string[] = Object.values(ENHANCED_ENTITIES), dataAsOf = '2025-01-10T00:00:00'): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<sanctionsData xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="${NAMESPACE}">
  <publicationInfo>
    <dataAsOf>${dataAsOf}</dataAsOf>
    <filters><sanctionsLists><sanctionsList refId="91512">Consolidated List</sanctionsList></sanctionsLists></filters>
  </publicationInfo>
  <referenceValues>
    <referenceValue refId="1400"><type>ALIAS TYPE</type><value>A.K.A.</value></referenceValue>
  </referenceValues>
  <entities>
    ${entities.join('\n    ')}
  </entities>
</sanctionsData>
`;
}
