/**
 * A small SDN CSV set written for the unit tests, with what OFAC's own files have: no header
 * row, `-0- ` for empty, CRLF line ends and a trailing DOS end-of-file mark (\x1a), remarks too long for
 * sdn.csv continued in sdn_comments.csv, and weak aliases, wallets and dates of birth only in remarks.
 */

export const SDN_ROWS = [
  '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
  '306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. \'BNC\'."',
  '4234,"HERMANN","vessel","CUBA",-0- ,"CL2685","General Cargo","2597","1098","Cuba","Compania Navegacion Golfo S.A.",-0- ',
  '28264,"LI, Jiadong","individual","CYBER2] [DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 10 Jan 1987; alt. DOB circa 1986; POB Anshan, Liaoning, China; nationality China; Gender Male; Digital Currency Address - XBT 1EfMVkxQQuZfBdocpJu6RUsCJvenQWbQyE; alt. Digital Currency Address - ETH 0xa7e5d5a720f06526557c513402f2e6b5fa20b008; Passport E12345678 (China) expires 2024; Website http://www.example.cn; Email Address li@example.cn; a.k.a. \'khaleesi\'; Linked To: LAZA"',
];

export const ADD_ROWS = [
  '36,25,-0- ,"Havana","Cuba",-0- ',
  '306,199,"Zweierstrasse 35","Zurich CH-8022","Switzerland",-0- ',
  '306,200,"Avenida de Concha Espina 8","Madrid E-28036","Spain",-0- ',
  '28264,44001,-0- ,"Anshan, Liaoning","China",-0- ',
];

export const ALT_ROWS = [
  '36,12,"aka","AERO-CARIBBEAN",-0- ',
  '306,220,"aka","NATIONAL BANK OF CUBA",-0- ',
  '306,221,"fka","BANCO DE CUBA","old name"',
];

export const COMMENTS_ROWS = ['28264,"RUS GROUP."'];

/** As OFAC publishes them: CRLF, a final CRLF, then \x1a. */
export const ofacCsv = (rows: string[]): Buffer => Buffer.from(`${rows.join('\r\n')}\r\n\x1a`, 'latin1');

/** As a git checkout may hold them: LF, no final newline, no \x1a. */
export const normalisedCsv = (rows: string[]): Buffer => Buffer.from(rows.join('\n'), 'latin1');

export const sdnFiles = (encode = ofacCsv, rows = { sdn: SDN_ROWS, add: ADD_ROWS, alt: ALT_ROWS, comments: COMMENTS_ROWS }) => ({
  sdn: encode(rows.sdn),
  add: encode(rows.add),
  alt: encode(rows.alt),
  comments: encode(rows.comments),
});
