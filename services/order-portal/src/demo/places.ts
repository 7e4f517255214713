/**
 * Towns of Region Zealand by municipality code, with postcodes and approximate centres, and the
 * town halls' addresses for letters. Demo data only: close enough to look right on a map.
 */
export interface Town {
  postalCode: string;
  city: string;
  lat: number;
  lon: number;
}

export const TOWNS: Readonly<Record<number, readonly Town[]>> = {
  320: [
    { postalCode: '4640', city: 'Faxe', lat: 55.255, lon: 12.119 },
    { postalCode: '4690', city: 'Haslev', lat: 55.323, lon: 11.964 },
    { postalCode: '4654', city: 'Faxe Ladeplads', lat: 55.218, lon: 12.161 },
  ],
  253: [
    { postalCode: '2670', city: 'Greve', lat: 55.583, lon: 12.3 },
    { postalCode: '2690', city: 'Karlslunde', lat: 55.565, lon: 12.227 },
  ],
  376: [
    { postalCode: '4800', city: 'Nykøbing F', lat: 54.769, lon: 11.874 },
    { postalCode: '4850', city: 'Stubbekøbing', lat: 54.888, lon: 12.041 },
    { postalCode: '4880', city: 'Nysted', lat: 54.665, lon: 11.74 },
  ],
  316: [
    { postalCode: '4300', city: 'Holbæk', lat: 55.717, lon: 11.713 },
    { postalCode: '4340', city: 'Tølløse', lat: 55.613, lon: 11.77 },
    { postalCode: '4450', city: 'Jyderup', lat: 55.664, lon: 11.423 },
  ],
  326: [
    { postalCode: '4400', city: 'Kalundborg', lat: 55.68, lon: 11.089 },
    { postalCode: '4470', city: 'Svebølle', lat: 55.653, lon: 11.282 },
    { postalCode: '4490', city: 'Jerslev Sjælland', lat: 55.603, lon: 11.221 },
  ],
  259: [
    { postalCode: '4600', city: 'Køge', lat: 55.457, lon: 12.182 },
    { postalCode: '4681', city: 'Herfølge', lat: 55.417, lon: 12.152 },
    { postalCode: '4632', city: 'Bjæverskov', lat: 55.458, lon: 12.036 },
  ],
  350: [
    { postalCode: '4330', city: 'Hvalsø', lat: 55.594, lon: 11.861 },
    { postalCode: '4320', city: 'Lejre', lat: 55.604, lon: 11.975 },
    { postalCode: '4070', city: 'Kirke Hyllinge', lat: 55.702, lon: 11.932 },
  ],
  360: [
    { postalCode: '4930', city: 'Maribo', lat: 54.776, lon: 11.501 },
    { postalCode: '4900', city: 'Nakskov', lat: 54.831, lon: 11.137 },
    { postalCode: '4970', city: 'Rødby', lat: 54.693, lon: 11.389 },
  ],
  370: [
    { postalCode: '4700', city: 'Næstved', lat: 55.23, lon: 11.761 },
    { postalCode: '4171', city: 'Glumsø', lat: 55.352, lon: 11.696 },
    { postalCode: '4736', city: 'Karrebæksminde', lat: 55.177, lon: 11.65 },
  ],
  306: [
    { postalCode: '4500', city: 'Nykøbing Sj', lat: 55.924, lon: 11.672 },
    { postalCode: '4550', city: 'Asnæs', lat: 55.812, lon: 11.5 },
    { postalCode: '4560', city: 'Vig', lat: 55.845, lon: 11.577 },
  ],
  329: [
    { postalCode: '4100', city: 'Ringsted', lat: 55.443, lon: 11.79 },
    { postalCode: '4174', city: 'Jystrup Midtsj', lat: 55.517, lon: 11.874 },
  ],
  265: [
    { postalCode: '4000', city: 'Roskilde', lat: 55.641, lon: 12.08 },
    { postalCode: '4040', city: 'Jyllinge', lat: 55.752, lon: 12.1 },
    { postalCode: '4130', city: 'Viby Sjælland', lat: 55.549, lon: 12.025 },
  ],
  330: [
    { postalCode: '4200', city: 'Slagelse', lat: 55.402, lon: 11.354 },
    { postalCode: '4220', city: 'Korsør', lat: 55.33, lon: 11.139 },
    { postalCode: '4230', city: 'Skælskør', lat: 55.25, lon: 11.29 },
  ],
  269: [
    { postalCode: '2680', city: 'Solrød Strand', lat: 55.532, lon: 12.22 },
    { postalCode: '4623', city: 'Lille Skensved', lat: 55.509, lon: 12.152 },
  ],
  340: [
    { postalCode: '4180', city: 'Sorø', lat: 55.432, lon: 11.556 },
    { postalCode: '4295', city: 'Stenlille', lat: 55.54, lon: 11.59 },
  ],
  336: [
    { postalCode: '4660', city: 'Store Heddinge', lat: 55.31, lon: 12.388 },
    { postalCode: '4652', city: 'Hårlev', lat: 55.349, lon: 12.235 },
    { postalCode: '4673', city: 'Rødvig Stevns', lat: 55.254, lon: 12.373 },
  ],
  390: [
    { postalCode: '4760', city: 'Vordingborg', lat: 55.009, lon: 11.91 },
    { postalCode: '4720', city: 'Præstø', lat: 55.124, lon: 12.045 },
    { postalCode: '4780', city: 'Stege', lat: 54.987, lon: 12.287 },
  ],
};

export const TOWN_HALLS: Readonly<
  Record<number, { street: string; postalCode: string; city: string }>
> = {
  320: { street: 'Frederiksgade 9', postalCode: '4690', city: 'Haslev' },
  253: { street: 'Rådhusholmen 10', postalCode: '2670', city: 'Greve' },
  376: { street: 'Parkvej 37', postalCode: '4800', city: 'Nykøbing F' },
  316: { street: 'Kanalstræde 2', postalCode: '4300', city: 'Holbæk' },
  326: { street: 'Holbækvej 141B', postalCode: '4400', city: 'Kalundborg' },
  259: { street: 'Torvet 1', postalCode: '4600', city: 'Køge' },
  350: { street: 'Møllebjergvej 4', postalCode: '4330', city: 'Hvalsø' },
  360: { street: 'Jernbanegade 7', postalCode: '4930', city: 'Maribo' },
  370: { street: 'Rådmandshaven 20', postalCode: '4700', city: 'Næstved' },
  306: { street: 'Nyvej 22', postalCode: '4573', city: 'Højby' },
  329: { street: 'Sankt Bendts Gade 1', postalCode: '4100', city: 'Ringsted' },
  265: { street: 'Rådhusbuen 1', postalCode: '4000', city: 'Roskilde' },
  330: { street: 'Rådhuspladsen 11', postalCode: '4200', city: 'Slagelse' },
  269: { street: 'Solrød Center 1', postalCode: '2680', city: 'Solrød Strand' },
  340: { street: 'Rådhusvej 8', postalCode: '4180', city: 'Sorø' },
  336: { street: 'Rådhuspladsen 4', postalCode: '4660', city: 'Store Heddinge' },
  390: { street: 'Valdemarsgade 43', postalCode: '4760', city: 'Vordingborg' },
};

export const REGION_OFFICE = { street: 'Alleen 15', postalCode: '4180', city: 'Sorø' };

export const STREETS = [
  'Skovvej',
  'Kirkevej',
  'Møllevej',
  'Stationsvej',
  'Enghavevej',
  'Bakkevej',
  'Søndergade',
  'Nørregade',
  'Vestergade',
  'Østergade',
  'Åvej',
  'Strandvejen',
  'Ringvejen',
  'Lindevej',
  'Bøgevej',
  'Egevej',
  'Rosenvænget',
  'Præstemarken',
  'Gl. Landevej',
  'Højagervej',
  'Kildevej',
  'Fjordvej',
  'Ærtebjergvej',
  'Ørstedsvej',
  'Sølvgade',
  'Skolevej',
  'Mosevej',
  'Engvej',
] as const;

export const PLACE_NAMES = [
  'Egely',
  'Lindegården',
  'Solsikken',
  'Skovbrynet',
  'Fjordglimt',
  'Kildebakken',
  'Lærkereden',
  'Bøgely',
  'Engly',
  'Møllegården',
  'Strandlyst',
  'Højager',
  'Birkely',
  'Rosenly',
  'Kastanjehuset',
  'Æblehaven',
  'Ørnereden',
  'Åbrinken',
  'Granly',
  'Havblik',
  'Bakkehuset',
  'Stenhøj',
  'Mosegården',
  'Vibeholm',
  'Tranemosen',
  'Rønnebo',
  'Hyldebo',
  'Pilegården',
  'Fyrrebakken',
  'Klintebo',
  'Sølyst',
  'Nørrely',
  'Østervang',
  'Vesterled',
  'Sønderskov',
  'Tårnhøj',
  'Kærgården',
  'Lysholm',
  'Grønnegården',
  'Åkanden',
  'Hvidkløver',
  'Mågereden',
  'Bølgen',
  'Kornmarken',
  'Skjoldhøj',
] as const;

export const DEPARTMENT_NAMES = [
  'Hus A',
  'Hus B',
  'Skovhuset',
  'Havehuset',
  'Afdeling Nord',
  'Afdeling Syd',
  'Ungeafdelingen',
  'Udslusningen',
  'Akutafsnittet',
  'Stuehuset',
  'Lyngbo',
  'Solbo',
  'Æblehuset',
  'Ørkenstjernen',
] as const;

export const TARGET_GROUP_TAGS = [
  'ADHD',
  'dobbeltdiagnose',
  'spiseforstyrrelse',
  'unge 18–25 år',
  'skizofreni',
  'hjerneskade efter ulykke',
  'hørehandicap',
  'selvskade',
  'udadreagerende adfærd',
  'domfældte',
] as const;
