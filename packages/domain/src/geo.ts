/** Great-circle distance in kilometres (haversine; the Earth as a sphere of radius 6371 km). */
export function distanceKm(
  a: { lat: number; lon: number },
  b: { lat: number; lon: number },
): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A place the search measures from or to: coordinates (WGS84) and the town's name for people. */
export interface Place {
  lat: number;
  lon: number;
  town?: string;
}

/**
 * The town each of the 17 municipalities is measured from when an order gives no exact place: the
 * seat of the council (the town hall's town), or for Lejre, which has no single centre, the town
 * the municipality is named after. Coordinates are the town centres (WGS84, 4 decimals ≈ 10 m).
 */
export const MUNICIPALITY_TOWNS: Readonly<Record<number, Readonly<Required<Place>>>> =
  Object.freeze({
    320: { town: 'Haslev', lat: 55.3236, lon: 11.9639 },
    253: { town: 'Greve', lat: 55.5833, lon: 12.3 },
    376: { town: 'Nykøbing Falster', lat: 54.7691, lon: 11.8743 },
    316: { town: 'Holbæk', lat: 55.7158, lon: 11.7128 },
    326: { town: 'Kalundborg', lat: 55.6793, lon: 11.0886 },
    259: { town: 'Køge', lat: 55.458, lon: 12.1821 },
    350: { town: 'Lejre', lat: 55.6047, lon: 11.9744 },
    360: { town: 'Maribo', lat: 54.7761, lon: 11.5007 },
    370: { town: 'Næstved', lat: 55.2299, lon: 11.7609 },
    306: { town: 'Nykøbing Sjælland', lat: 55.925, lon: 11.671 },
    329: { town: 'Ringsted', lat: 55.4426, lon: 11.79 },
    265: { town: 'Roskilde', lat: 55.6415, lon: 12.0803 },
    330: { town: 'Slagelse', lat: 55.4028, lon: 11.3546 },
    269: { town: 'Solrød Strand', lat: 55.532, lon: 12.22 },
    340: { town: 'Sorø', lat: 55.4318, lon: 11.5555 },
    336: { town: 'Store Heddinge', lat: 55.3097, lon: 12.3889 },
    390: { town: 'Vordingborg', lat: 55.0085, lon: 11.9106 },
  });

/** The municipality's town as a place, or undefined for a code outside the agreement. */
export function municipalityTown(code: number): Required<Place> | undefined {
  const t = MUNICIPALITY_TOWNS[code];
  return t ? { ...t } : undefined;
}
