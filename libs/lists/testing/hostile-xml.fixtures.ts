/** XML that must never be taken as a list: entity bombs, external entities, DTDs. */

/** "Billion laughs": ten levels of ten-fold expansion, 10^9 "lol"s if a parser expanded them. */
export function billionLaughs(root = 'lolz'): string {
  const levels = Array.from({ length: 9 }, (_, i) => `  <!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('\n');
  return `<?xml version="1.0"?>
<!DOCTYPE ${root} [
  <!ENTITY lol "lol">
${levels}
]>
<${root}>&lol9;</${root}>
`;
}

/** An external entity: an XXE attack would fetch the URL and splice the answer into the text. */
export function externalEntity(url: string, root = 'x'): string {
  return `<?xml version="1.0"?>
<!DOCTYPE ${root} [<!ENTITY e SYSTEM "${url}">]>
<${root}>&e;</${root}>
`;
}

/** An external DTD subset, which a validating parser would fetch. */
export const externalDtd = (url: string, root = 'x') => `<?xml version="1.0"?>\n<!DOCTYPE ${root} SYSTEM "${url}">\n<${root}/>\n`;

export const plainDoctype = (root = 'x') => `<?xml version="1.0"?>\n<!DOCTYPE ${root}>\n<${root}/>\n`;
