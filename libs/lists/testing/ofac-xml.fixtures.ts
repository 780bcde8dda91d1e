/** A small classic OFAC XML file (`sdnList`, http://tempuri.org/sdnList.xsd), written for the unit tests. */

export const OFAC_ENTRIES = {
  bank: `<sdnEntry>
    <uid>4632</uid>
    <lastName>BANK MARKAZI JOMHOURI ISLAMI IRAN</lastName>
    <sdnType>Entity</sdnType>
    <remarks>all offices worldwide</remarks>
    <programList><program>IRAN</program><program>IFSR</program></programList>
    <idList>
      <id><uid>119121</uid><idType>Additional Sanctions Information -</idType><idNumber>Subject to Secondary Sanctions</idNumber></id>
      <id><uid>119441</uid><idType>Website</idType><idNumber>www.cbi.ir</idNumber></id>
      <id><uid>119442</uid><idType>SWIFT/BIC</idType><idNumber>BMJIIRTH</idNumber><idCountry>Iran</idCountry></id>
    </idList>
    <akaList>
      <aka><uid>3553</uid><type>a.k.a.</type><category>strong</category><lastName>CENTRAL BANK OF THE ISLAMIC REPUBLIC OF IRAN</lastName></aka>
      <aka><uid>3554</uid><type>f.k.a.</type><category>weak</category><lastName>BANK MARKAZI</lastName></aka>
    </akaList>
    <addressList>
      <address><uid>2898</uid><address1>PO Box 15875/7177</address1><address2>144 Mirdamad Blvd</address2><city>Tehran</city><country>Iran</country></address>
    </addressList>
  </sdnEntry>`,
  person: `<sdnEntry>
    <uid>9639</uid>
    <firstName>Ismail Abdul Salah</firstName>
    <lastName>HANIYA</lastName>
    <title>Prime Minister</title>
    <sdnType>Individual</sdnType>
    <programList><program>NS-PLC</program></programList>
    <idList>
      <id><uid>1</uid><idType>Passport</idType><idNumber>A1234567</idNumber><idCountry>Palestinian</idCountry><issueDate>01 Jan 2010</issueDate><expirationDate>01 Jan 2020</expirationDate></id>
      <id><uid>2</uid><idType>Digital Currency Address - XBT</idType><idNumber>1AjZPMsnmpdK2Rv9KQNfMurTXinscVro9V</idNumber></id>
    </idList>
    <nationalityList><nationality><uid>3</uid><country>Palestinian</country><mainEntry>true</mainEntry></nationality></nationalityList>
    <dateOfBirthList>
      <dateOfBirthItem><uid>4</uid><dateOfBirth>1962</dateOfBirth><mainEntry>true</mainEntry></dateOfBirthItem>
      <dateOfBirthItem><uid>5</uid><dateOfBirth>01 Jan 1960 to 31 Dec 1963</dateOfBirth><mainEntry>false</mainEntry></dateOfBirthItem>
    </dateOfBirthList>
    <placeOfBirthList><placeOfBirthItem><uid>6</uid><placeOfBirth>Shati, Gaza</placeOfBirth><mainEntry>true</mainEntry></placeOfBirthItem></placeOfBirthList>
  </sdnEntry>`,
  vessel: `<sdnEntry>
    <uid>15036</uid>
    <lastName>ADRIAN DARYA 1</lastName>
    <sdnType>Vessel</sdnType>
    <programList><program>SDGT</program></programList>
    <idList><id><uid>7</uid><idType>Vessel Registration Identification</idType><idNumber>IMO 9116412</idNumber></id></idList>
    <vesselInfo><callSign>9HA2130</callSign><vesselType>Crude Oil Tanker</vesselType><vesselFlag>Iran</vesselFlag><grossRegisteredTonnage>156880</grossRegisteredTonnage></vesselInfo>
  </sdnEntry>`,
};

export function ofacXml(entries: string[] = Object.values(OFAC_ENTRIES), publishDate = '04/06/2018'): string {
  return `<?xml version="1.0" standalone="yes"?>
<sdnList xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://tempuri.org/sdnList.xsd">
  <publshInformation>
    <Publish_Date>${publishDate}</Publish_Date>
    <Record_Count>${entries.length}</Record_Count>
  </publshInformation>
  ${entries.join('\n  ')}
</sdnList>
`;
}
