/**
 * Country and organisation codes of ICAO 9303 Part 3: ISO 3166-1 alpha-3 plus the ICAO-only codes.
 * Unknown codes are reported as warnings by the parser, never as errors: real documents carry
 * non-standard codes (BOS, INP, …) and a border post must still read them.
 */
const ISO_ALPHA3 =
  'AFG ALA ALB DZA ASM AND AGO AIA ATA ATG ARG ARM ABW AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BMU BTN BOL BES ' +
  'BIH BWA BVT BRA IOT BRN BGR BFA BDI CPV KHM CMR CAN CYM CAF TCD CHL CHN CXR CCK COL COM COG COD COK CRI CIV HRV ' +
  'CUB CUW CYP CZE DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FLK FRO FJI FIN FRA GUF PYF ATF GAB GMB GEO DEU ' +
  'GHA GIB GRC GRL GRD GLP GUM GTM GGY GIN GNB GUY HTI HMD VAT HND HKG HUN ISL IND IDN IRN IRQ IRL IMN ISR ITA JAM ' +
  'JPN JEY JOR KAZ KEN KIR PRK KOR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MAC MDG MWI MYS MDV MLI MLT MHL MTQ ' +
  'MRT MUS MYT MEX FSM MDA MCO MNG MNE MSR MAR MOZ MMR NAM NRU NPL NLD NCL NZL NIC NER NGA NIU NFK MKD MNP NOR OMN ' +
  'PAK PLW PSE PAN PNG PRY PER PHL PCN POL PRT PRI QAT REU ROU RUS RWA BLM SHN KNA LCA MAF SPM VCT WSM SMR STP SAU ' +
  'SEN SRB SYC SLE SGP SXM SVK SVN SLB SOM ZAF SGS SSD ESP LKA SDN SUR SJM SWE CHE SYR TWN TJK TZA THA TLS TGO TKL ' +
  'TON TTO TUN TUR TKM TCA TUV UGA UKR ARE GBR USA UMI URY UZB VUT VEN VNM VGB VIR WLF ESH YEM ZMB ZWE';

/** ICAO-only codes (Doc 9303 Part 3 tables) with their meaning. */
export const ICAO_SPECIAL_CODES: Readonly<Record<string, string>> = {
  D: 'Germany',
  GBD: 'British Overseas Territories Citizen',
  GBN: 'British National (Overseas)',
  GBO: 'British Overseas Citizen',
  GBP: 'British Protected Person',
  GBS: 'British Subject',
  EUE: 'European Union',
  UNO: 'United Nations Organization',
  UNA: 'United Nations specialized agency',
  UNK: 'United Nations Interim Administration Mission in Kosovo',
  XBA: 'African Development Bank',
  XIM: 'African Export-Import Bank',
  XCC: 'Caribbean Community',
  XCE: 'Council of Europe',
  XCO: 'Common Market for Eastern and Southern Africa',
  XEC: 'Economic Community of West African States',
  XPO: 'International Criminal Police Organization',
  XES: 'Organisation of Eastern Caribbean States',
  XOM: 'Sovereign Military Order of Malta',
  XDC: 'Southern African Development Community',
  XXA: 'Stateless person',
  XXB: 'Refugee (1951 Convention)',
  XXC: 'Refugee (other)',
  XXX: 'Unspecified nationality',
  RKS: 'Kosovo',
  XXK: 'Kosovo (German residence permits)',
};

/** Codes that are legal but deserve the officer's attention. */
export const DEPRECATED_CODES: ReadonlySet<string> = new Set(['ANT', 'NTZ']);
/** Utopia: valid only on ICAO specimens — a specimen presented at a border is itself suspicious. */
export const SPECIMEN_CODES: ReadonlySet<string> = new Set(['UTO']);

const KNOWN = new Set<string>([...ISO_ALPHA3.split(' '), ...Object.keys(ICAO_SPECIAL_CODES)]);

/** True for ISO 3166-1 alpha-3 codes and the ICAO-only codes (not for specimen or deprecated codes). */
export function isKnownCountryCode(code: string): boolean {
  return KNOWN.has(code);
}

/** A code usable for joins against ISO-keyed lists: `D` (Germany in the MRZ) becomes `DEU`; fillers stripped. */
export function toIsoAlpha3(code: string): string {
  const trimmed = code.replace(/<+$/, '');
  return trimmed === 'D' ? 'DEU' : trimmed;
}

/** Every known code, for generators. */
export function knownCountryCodes(): string[] {
  return [...KNOWN];
}
