/**
 * Name-equivalence classes for the spellings a border post meets every day: Arabic names written
 * through French or English, and West-African names in Francophone and Anglophone spellings
 * (matching.md §4). Double Metaphone and Soundex miss several of these pairs (DIALLO/JALLOW,
 * TRAORE/TRAWALLY, NDIAYE/NJIE, OTHMAN/OUSMANE: matching.md §5), so they are listed explicitly.
 * The first spelling names the class in explanations. Spellings not listed still meet their class
 * through the consonant skeleton (see keys.ts).
 */
export const NAME_CLASSES: readonly (readonly string[])[] = [
  // Given names (Arabic origin, with West-African local forms)
  ['MUHAMMAD', 'MOHAMED', 'MOHAMMED', 'MOHAMMAD', 'MOHAMAD', 'MUHAMMED', 'MUHAMED', 'MOUHAMED', 'MOUHAMMED', 'MOUHAMAD', 'MOHAMET', 'MEHMET', 'MEHMED', 'MAMADOU', 'MOUHAMADOU', 'MOHAMADOU', 'MUHAMMADU', 'MAHAMADOU', 'MAMADU', 'MAHAMAT', 'MAHAMMAT', 'MOHAMMEDOU'],
  ['AHMAD', 'AHMED', 'AHMET', 'AHMADOU', 'AHMADU', 'AMADOU', 'AMADU', 'HAMADOU'],
  ['MAHMOUD', 'MAHMUD', 'MAHMOOD', 'MEHMOOD', 'MAHAMOUD'],
  ['USMAN', 'OUSMANE', 'OUSMAN', 'OSMAN', 'OTHMAN', 'UTHMAN', 'OTHMANE', 'OUTHMANE', 'USMANU', 'OSMANE', 'USMANE'],
  ['HUSSEIN', 'HUSSAIN', 'HUSAYN', 'HUSEIN', 'HOUSSEIN', 'HOSSEIN', 'HUSAIN', 'HOUSSEINI'],
  ['HASSAN', 'HASAN', 'HASSANE', 'HASANE', 'HACEN'],
  ['YUSUF', 'YOUSSOUF', 'YOUSOUF', 'YOUSSEF', 'YOUSEF', 'YUSEF', 'YOUSUF', 'YOUSSOUPH', 'YUSUFU', 'JUSUF'],
  ['IBRAHIM', 'IBRAHIMA', 'EBRAHIM', 'IBRAHEEM', 'BRAHIM', 'BRAHIMA'],
  ['ABDULLAH', 'ABDALLAH', 'ABDELLAH', 'ABDOULAYE', 'ABDULLAHI', 'ABDOULLAHI', 'ABDALLAHI', 'ABDULAI', 'ABDOULAHI'],
  ['UMAR', 'OMAR', 'OUMAR', 'OMER', 'UMARU', 'OUMAROU', 'OMARU'],
  ['IDRIS', 'IDRISS', 'IDRISSA', 'IDRISA', 'DRISSA'],
  ['ISSA', 'ISA', 'EISA'],
  ['MUSA', 'MOUSSA', 'MOUSA', 'MUSSA', 'MOOSA'],
  ['YAQUB', 'YACOUBA', 'YAKUBU', 'YAKOUB', 'YACOUB', 'YAKUB', 'YAQOUB', 'YAKOUBA'],
  ['SAID', 'SEYDOU', 'SAIDU', 'SAEED', 'SAYED', 'SEIDOU', 'SAIDOU'],
  ['ALAMIN', 'LAMINE', 'LAMIN', 'ELAMIN', 'ALAMINE'],
  ['SHEIKH', 'CHEIKH', 'CHEIK', 'SHAIKH', 'CHEICK', 'CHEIKHOU'],
  ['SULAYMAN', 'SOULEYMANE', 'SULEIMAN', 'SOULEMANE', 'SULEMAN', 'SULAIMAN', 'SOULEIMANE', 'SOULEYMAN', 'SULEYMAN'],
  ['ABUBAKAR', 'BOUBACAR', 'ABOUBACAR', 'ABOUBAKAR', 'BOUBAKAR', 'ABUBAKR', 'ABOUBAKR', 'BAKARY', 'ABUBAKARR'],
  ['MUSTAFA', 'MOUSTAPHA', 'MOUSTAFA', 'MUSTAPHA', 'MOSTAFA'],
  ['ALI', 'ALIOU', 'ALIYU', 'ALIOUNE', 'ALY', 'ALIU'],
  ['KHALID', 'KHALED', 'HALID', 'HALED'],
  ['TARIQ', 'TAREK', 'TARIK', 'TAREQ'],
  ['JIBRIL', 'DJIBRIL', 'JIBRIN', 'GIBRIL', 'DJIBRILLA'],
  ['SALIF', 'SALIFOU', 'SALIFU'],
  ['ADAMA', 'ADAMOU', 'ADAM'],
  ['FATIMA', 'FATOUMATA', 'FATMA', 'FATOUMA', 'FATIMATA', 'FATUMATA', 'FATOU', 'FATU'],
  ['AMINATA', 'AMINA', 'AMINATOU', 'AMINATU', 'AMINAH'],
  ['MARYAM', 'MARIAM', 'MARIAMA', 'MARYAMA', 'MERYEM', 'MIRIAM'],
  ['AISHA', 'AISSATOU', 'AICHA', 'AISSATA', 'AYESHA', 'AICHATOU', 'AISHATU', 'AISATOU', 'AYSHA'],
  ['KHADIJA', 'KHADIDJA', 'HADIZA', 'KHADIDIATOU', 'KADIDIATOU', 'HADIJA', 'KADIATOU', 'KADIATU'],
  ['ZAINAB', 'ZEINAB', 'ZAYNAB', 'ZEYNAB', 'ZENABOU', 'ZAINABOU'],
  ['HAWA', 'HAWAOU', 'HAOUA'],
  ['YURIY', 'IURII', 'YURI', 'YURIJ', 'IOURI'],
  ['YULIYA', 'IULIIA', 'YULIA', 'IOULIA', 'JULIJA'],
  ['ALEKSANDR', 'ALEXANDER', 'ALEKSANDER', 'ALEXANDR', 'OLEKSANDR'],
  // Family names
  ['DIALLO', 'JALLOW', 'JALLO', 'DJALLO', 'DIALO'],
  ['TRAORE', 'TRAWALLY', 'TARAWALLY', 'TARAWALLIE', 'TRAOURE'],
  ['NDIAYE', 'NJIE', 'NDIAY', 'NJAI'],
  ['CISSE', 'CEESAY', 'SISSE', 'SISAY', 'SISSAY', 'CISSEY'],
  ['TOURE', 'TOURAY', 'TURAY', 'TOURAYE'],
  ['KAMARA', 'CAMARA', 'KAMARAH'],
  ['COULIBALY', 'KULIBALI', 'KOULIBALY', 'KULIBALY', 'COULIBALI'],
  ['KONATE', 'KONATEH'],
  ['KEITA', 'KEITAH', 'KEYTA'],
  ['SYLLA', 'SILLAH', 'SILLA', 'SYLA'],
  ['BARRY', 'BARRIE', 'BARRI'],
  ['BAH', 'BA'],
  ['JAMMEH', 'JAMEH', 'JAMME'],
  ['OUEDRAOGO', 'WEDRAOGO', 'OUEDRAGO'],
  ['SANGARE', 'SANGAREH', 'SANGARI'],
  ['DEMBELE', 'DEMBELEH', 'DEMBELLE'],
  ['BANGURA', 'BANGOURA'],
  ['DIOP', 'JOP', 'JOBE'],
  ['DIOUF', 'JOOF'],
  ['DIARRA', 'JARRA', 'DIARA'],
  ['DIAKITE', 'JAKITE', 'JAKITEH', 'DIAKHITE'],
  ['FOFANA', 'FOFANAH'],
  ['KANTE', 'KANTEH'],
  ['DOUMBIA', 'DUMBUYA', 'DOUMBOUYA', 'DUMBIA'],
  ['CONTEH', 'CONTE', 'KONTE'],
  ['GUEYE', 'GAYE'],
  ['QADHAFI', 'GADDAFI', 'QADDAFI', 'KADHAFI', 'KADAFI', 'GADAFI', 'KHADAFI'],
];

/**
 * Particles: articles, filiation and honorifics. They carry little identity, move around and are
 * dropped or glued on (AL HASSAN / ALHASSAN / HASSAN), so they get a low weight and no index key.
 * The value is the class shown in explanations (BEN = BIN = IBN).
 */
export const PARTICLES: Readonly<Record<string, string>> = {
  AL: 'AL', EL: 'AL', UL: 'AL', AD: 'AL', AR: 'AL', AS: 'AL', ASH: 'AL', AN: 'AL', AT: 'AL', AZ: 'AL', ED: 'AL', ER: 'AL', ES: 'AL',
  BEN: 'BIN', BIN: 'BIN', IBN: 'BIN', BINT: 'BINT', BENT: 'BINT', MINT: 'BINT',
  OULD: 'OULD', WULD: 'OULD', WALD: 'OULD', ULD: 'OULD', OLD: 'OULD',
  AG: 'AG', ABU: 'ABU', ABOU: 'ABU', BOU: 'ABU', UMM: 'UMM', OUM: 'UMM',
  HADJ: 'HAJJ', HAJ: 'HAJJ', HAJJ: 'HAJJ', HAJI: 'HAJJ', HADJI: 'HAJJ', ELHADJ: 'HAJJ', ELHAJ: 'HAJJ', ALHAJI: 'HAJJ', ALHADJI: 'HAJJ', ALHAJ: 'HAJJ',
  DE: 'DE', DA: 'DE', DI: 'DE', DU: 'DE', DOS: 'DE', DAS: 'DE', DEL: 'DE', DELLA: 'DE', VAN: 'VAN', VON: 'VAN', DER: 'VAN', DEN: 'VAN', LE: 'LE', LA: 'LE',
};

/** Forms that start an ABD-compound ("servant of"): ABD AL AZIZ = ABDEL AZIZ = ABDELAZIZ = ABDULAZIZ. */
export const ABD_PREFIXES: ReadonlySet<string> = new Set(['ABD', 'ABDEL', 'ABDAL', 'ABDUL', 'ABDOUL', 'ABDER', 'ABDUR', 'ABDEUL']);

/** Second halves of -DIN compounds: NOUR EDDINE = NOUREDDINE = NUR AL-DIN. */
export const DIN_SUFFIXES: ReadonlySet<string> = new Set(['EDDINE', 'EDDIN', 'UDDIN', 'ADDIN', 'ADDINE', 'DINE', 'DIN', 'EDINE', 'UDIN']);
