import { transliterate } from '@borderpost/mrz';
import type { PersonName } from '../types';
import { type Rng, pick, seededRng, zipfPicker } from './random';

/**
 * Name cultures other than the post's own (West-African and Arabic, population.ts), for the "global"
 * list composition: a list of a million persons is the union of national, regional and international
 * lists (UN, OFAC, EU, UK, INTERPOL notices; matching.md §11) and covers every region's names, while
 * the travellers at one post are regional.
 *
 * Each culture has given-name and family-name pools ordered by frequency and drawn Zipf-like, with the
 * real head (WANG/LI/ZHANG, KUMAR/SINGH, GARCÍA/RODRÍGUEZ, IVANOV, YILMAZ, SMITH, NGUYEN …) so
 * namesakes also exist within these cultures; where a culture's real names are far more varied than a
 * head list (surnames in South Asia, Europe, Turkey, East Africa, Slavic countries; given names in
 * India, Turkey, Iran, Central Asia, Ethiopia, Somalia, Kenya), a rule-made tail is added, as population.ts does for West-African surnames. The exponents are
 * set so the commonest names have roughly their public orders of magnitude (WANG about 1 in 12
 * Chinese, NGUYEN 4 in 10 Vietnamese, KIM 1 in 4 Koreans, IVANOV 1 in 70 Russians, SMITH 1 in 45,
 * MUHAMMAD leading Pakistani given names, MEHMET 1 in 13 Turkish men): plausible, not measured.
 *
 * Names are written as lists write them: Cyrillic names in Cyrillic half the time (EU and national
 * lists give the original script) and in ICAO transliteration otherwise; Iberian, Turkish, German and
 * Vietnamese names with their diacritics most of the time, so ICAO-transliterated positives exist.
 */
export type Culture = 'east-asian' | 'south-asian' | 'iberian' | 'slavic' | 'turkic-persian' | 'anglo-germanic' | 'east-african';
export const CULTURES: readonly Culture[] = ['east-asian', 'south-asian', 'iberian', 'slavic', 'turkic-persian', 'anglo-germanic', 'east-african'];

/**
 * The non-regional part of a global list, by culture. Modelling assumption, not a count: Slavic names
 * weigh most because Russia-related designations dominate the sanctions lists since 2022 (Interfax,
 * citing X-Compliance: 15,231 of 33,714 persons named on the monitored sanctions lists at the end of
 * 2023 were Russian); INTERPOL notices and national lists bring the Latin American, South Asian, East
 * Asian, Turkish/Iranian, European and East African shares.
 */
export const LIST_CULTURE_WEIGHTS: Readonly<Record<Culture, number>> = {
  slavic: 0.25, 'anglo-germanic': 0.15, iberian: 0.15, 'east-asian': 0.12, 'south-asian': 0.12, 'turkic-persian': 0.12, 'east-african': 0.09,
};

/**
 * Foreigners at a West-African post, by culture (modelling assumption): Chinese and Vietnamese workers
 * and traders, Europeans, Indian and Lebanese-Turkish traders (Lebanese names are in the regional
 * Arabic pool), East Africans; few Latin Americans or Slavs.
 */
export const TRAVELLER_CULTURE_WEIGHTS: Readonly<Record<Culture, number>> = {
  'east-asian': 0.25, 'anglo-germanic': 0.25, 'south-asian': 0.15, 'turkic-persian': 0.15, 'east-african': 0.1, iberian: 0.05, slavic: 0.05,
};

export function weightedCulture(rng: Rng, weights: Readonly<Record<Culture, number>>): Culture {
  let x = rng();
  for (const c of CULTURES) {
    if (x < weights[c]) return c;
    x -= weights[c];
  }
  return CULTURES[CULTURES.length - 1]!;
}

export interface ForeignPerson {
  name: PersonName;
  /** ICAO code of the country the name most likely belongs to (lists and passports both show it). */
  nationality: string;
}

type Sex = 'M' | 'F';
type Maker = (rng: Rng, sex: Sex) => ForeignPerson;

const words = (s: string): string[] => s.trim().split(/\s+/);

/** Rule-made names from syllables, so a culture's long tail is not all namesakes. */
function ruleMade(seed: number, syllables: readonly string[], count: number, min = 2, max = 3): string[] {
  const rng = seededRng(seed);
  const out = new Set<string>();
  for (let guard = 0; out.size < count && guard < count * 20; guard += 1) {
    const n = min + Math.floor(rng() * (max - min + 1));
    let s = '';
    for (let i = 0; i < n; i += 1) s += pick(rng, syllables);
    out.add(s);
  }
  return [...out];
}

/** Head names (Zipf, exponent s) with probability 1 - tailShare, else a rule-made name (Zipf 0.5). */
function headAndTail(head: string[], s: number, tail: string[], tailShare: number): (rng: Rng) => string {
  const h = zipfPicker(head, s);
  const t = tail.length > 0 ? zipfPicker(tail, 0.5) : h;
  return (rng) => (rng() < tailShare ? t(rng) : h(rng));
}

function byWeight<T>(rng: Rng, options: [T, number][]): T {
  let x = rng();
  for (const [value, weight] of options) {
    if (x < weight) return value;
    x -= weight;
  }
  return options[options.length - 1]![0];
}

// ---- East Asian: Chinese (pinyin), Korean, Vietnamese --------------------------------------------

const CHINESE_SURNAMES = words(`WANG LI ZHANG LIU CHEN YANG HUANG ZHAO WU ZHOU XU SUN MA ZHU HU GUO HE GAO LIN LUO ZHENG LIANG XIE SONG TANG HAN FENG DENG CAO PENG ZENG XIAO TIAN DONG YUAN PAN YU JIANG CAI DU YE CHENG SU WEI LU DING REN SHEN YAO ZHONG CUI TAN FAN JIN SHI LIAO JIA XIA FU FANG BAI ZOU MENG XIONG QIN QIU YIN XUE YAN DUAN LEI HOU LONG TAO GU MAO HAO GONG SHAO WAN QIAN DAI XING MO KONG KANG ZHAN NIU HONG GENG`);
const CHINESE_SYLLABLES = words(`WEI JING LI MIN JIE YAN TAO MING HUA JUN YING LEI HONG XIA FANG QING PING GANG YONG JIAN HUI LIN BIN BO HAO CHAO YU XIN KAI PENG FEI LONG DAN NA TING XIAO ZHI GUO WEN JIA YI CHUN XUE MEI LAN FENG QIANG HAI CHENG HAN LIANG SHAN YUN RUI ZHEN XIANG DONG BAO GUANG HENG JUAN LING NING QIAN SHU TIAN XU YUE ZE ZHONG KUN SONG LU CHEN`);
const KOREAN_SURNAMES = words('KIM LEE PARK CHOI JUNG KANG CHO YOON JANG LIM HAN OH SEO SHIN KWON HWANG AHN SONG YOO HONG JEON KO MOON YANG SON BAE BAEK HEO NAM');
const KOREAN_SYLLABLES = words('MIN JI SEO HYUN JUN YOUNG SOO JIN HO WOO EUN SUNG DONG HYE KYUNG JAE SANG YEON HOON CHUL TAE GYU HEE JOO NA RA BIN');
const VIETNAMESE_SURNAMES = words('NGUYỄN TRẦN LÊ PHẠM HOÀNG HUỲNH PHAN VŨ VÕ ĐẶNG BÙI ĐỖ HỒ NGÔ DƯƠNG LÝ');
const VIETNAMESE_GIVEN = words(`ANH MINH HÙNG TUẤN DŨNG HƯƠNG LAN HOA LINH NAM QUANG THANH HẢI LONG HIẾU TRUNG ĐỨC PHƯƠNG THẢO HÀ HUY KHÁNH SƠN TÂM THU VY NGỌC BÌNH CƯỜNG
  PHONG THẮNG TOÀN VINH KIÊN LỢI NGHĨA TRÍ THÀNH HOÀNG THỊNH ĐẠT BẢO CHÂU DUY GIANG HẠNH HIỀN HUYỀN KHOA LÂM LỘC LUÂN MAI NHUNG OANH PHÚC QUÂN QUYÊN SANG TÀI THẢO THỦY TIẾN TRANG TÚ UYÊN VÂN XUÂN YẾN`);
const VIETNAMESE_MIDDLE = words('ĐỨC MINH HỮU NGỌC XUÂN QUỐC THANH HOÀI KIM');

function eastAsian(): Maker {
  const cnSurname = zipfPicker(CHINESE_SURNAMES, 0.7);
  const cnSyllable = zipfPicker(CHINESE_SYLLABLES, 0.5);
  const krSurname = zipfPicker(KOREAN_SURNAMES, 1.1);
  const krSyllable = zipfPicker(KOREAN_SYLLABLES, 0.6);
  const vnSurname = zipfPicker(VIETNAMESE_SURNAMES, 1.3); // NGUYỄN carries about 4 in 10 Vietnamese
  const vnGiven = zipfPicker([...new Set(VIETNAMESE_GIVEN)], 0.5);
  const vnMiddle = zipfPicker(VIETNAMESE_MIDDLE, 0.6);
  return (rng, sex) => {
    const which = byWeight(rng, [['CHN', 0.7], ['KOR', 0.12], ['VNM', 0.18]]);
    if (which === 'CHN') {
      const given = rng() < 0.3 ? cnSyllable(rng) : cnSyllable(rng) + cnSyllable(rng);
      return { name: { surname: cnSurname(rng), givenNames: given }, nationality: 'CHN' };
    }
    if (which === 'KOR') return { name: { surname: krSurname(rng), givenNames: krSyllable(rng) + krSyllable(rng) }, nationality: 'KOR' };
    const middle = sex === 'M' ? 'VĂN' : 'THỊ';
    // VĂN / THỊ is the traditional middle name; many names use another one.
    const given = rng() < 0.5 ? `${middle} ${vnGiven(rng)}` : `${vnMiddle(rng)} ${vnGiven(rng)}`;
    return { name: { surname: vnSurname(rng), givenNames: given }, nationality: 'VNM' };
  };
}

// ---- South Asian: India, Pakistan, Bangladesh ------------------------------------------------------

const INDIAN_SURNAMES = words(`KUMAR SINGH SHARMA PATEL YADAV GUPTA DAS SHAH REDDY VERMA JAIN MISHRA RAO NAIR PANDEY CHAUDHARY GHOSH MEHTA IYER JOSHI BHAT PILLAI DESAI MENON AGARWAL CHOPRA KAPOOR MALHOTRA SAXENA SRIVASTAVA TIWARI DUBEY CHATTERJEE BANERJEE MUKHERJEE BOSE SEN DUTTA ROY NAIDU PRASAD THAKUR SINHA BHATIA ARORA SETHI KULKARNI PATIL`);
const INDIAN_MALE = words('RAHUL AMIT RAJESH SUNIL ANIL VIJAY SANJAY RAVI SURESH RAMESH ASHOK DEEPAK MANOJ ARUN VIKRAM ROHIT AJAY PRAKASH SANDEEP RAJ KRISHNA ARJUN NITIN SANTOSH MAHESH DINESH GANESH PRADEEP RAKESH VINOD ALOK ANAND HARISH KIRAN');
const INDIAN_FEMALE = words('PRIYA SUNITA ANITA POOJA NEHA KAVITA REKHA LAKSHMI DIVYA ANJALI MEERA SITA GEETA SAVITA RADHA USHA ASHA SHANTI');
const PAKISTANI_SURNAMES = words('KHAN AHMED ALI HUSSAIN SHAH BUTT CHAUDHRY MALIK QURESHI RAHMAN ISLAM HOSSAIN UDDIN MIAH AKHTAR IQBAL RAZA ABBASI SHEIKH MIRZA BHATTI AWAN RANA SIDDIQUI JAVED ANWAR');
const PAKISTANI_MALE = words('MUHAMMAD MOHAMMAD ASIF IMRAN TARIQ KHALID BILAL USMAN FAISAL ZAHID NADEEM SAJID WASEEM SHAHID KAMRAN AHMED ALI HASSAN AMJAD NAVEED RASHID SHAHZAD ARSHAD JAVED');
const PAKISTANI_FEMALE = words('FATIMA AYESHA SANA NADIA SHAZIA RUKHSANA NASREEN SAIMA BUSHRA SADIA RABIA AMNA');
const SOUTH_ASIAN_SYLLABLES = words('RA MA NA DE VA SHA KA LA PA TI KU MU SU BA GA HA JA NI RI DHA THA CHA WA');

function southAsian(): Maker {
  const inSurname = headAndTail(INDIAN_SURNAMES, 0.7, ruleMade(71, SOUTH_ASIAN_SYLLABLES, 6000), 0.35);
  const inMale = headAndTail(INDIAN_MALE, 0.6, ruleMade(72, SOUTH_ASIAN_SYLLABLES, 3000, 2, 3), 0.5);
  const inFemale = headAndTail(INDIAN_FEMALE, 0.6, ruleMade(74, SOUTH_ASIAN_SYLLABLES, 3000, 2, 3), 0.5);
  const pkSurname = zipfPicker(PAKISTANI_SURNAMES, 0.7);
  const pkMale = zipfPicker(PAKISTANI_MALE, 1.0); // MUHAMMAD leads, often as a first of two given names
  const pkFemale = zipfPicker(PAKISTANI_FEMALE, 0.8);
  return (rng, sex) => {
    const which = byWeight(rng, [['IND', 0.6], ['PAK', 0.25], ['BGD', 0.15]]);
    if (which === 'IND') {
      const given = sex === 'M' ? inMale(rng) : inFemale(rng);
      const surname = sex === 'F' && rng() < 0.15 ? 'KAUR' : inSurname(rng);
      return { name: { surname, givenNames: given }, nationality: 'IND' };
    }
    const given = sex === 'M' ? (rng() < 0.5 ? `${pkMale(rng)} ${pkMale(rng)}` : pkMale(rng)) : pkFemale(rng);
    const surname = sex === 'F' && rng() < 0.2 ? 'BEGUM' : pkSurname(rng);
    return { name: { surname, givenNames: given }, nationality: which };
  };
}

// ---- Iberian and Latin American: two family names ------------------------------------------------

const IBERIAN_SURNAMES = words(`GARCÍA RODRÍGUEZ GONZÁLEZ FERNÁNDEZ LÓPEZ MARTÍNEZ SÁNCHEZ PÉREZ GÓMEZ MARTÍN JIMÉNEZ HERNÁNDEZ DÍAZ MORENO MUÑOZ ÁLVAREZ ROMERO RUIZ TORRES RAMÍREZ FLORES RIVERA CASTILLO VARGAS REYES CRUZ MORALES ORTIZ GUTIÉRREZ CHÁVEZ RAMOS MENDOZA SILVA SANTOS OLIVEIRA SOUZA PEREIRA COSTA FERREIRA ALVES RODRIGUES LIMA CARVALHO GOMES HERRERA MEDINA AGUILAR CASTRO VÁZQUEZ ROJAS NAVARRO DOMÍNGUEZ GIL SERRANO MOLINA SUÁREZ ORTEGA DELGADO GUERRERO CORTÉS LOZANO CABRERA CAMPOS VEGA FUENTES CARRILLO ESPINOZA SALAZAR SOTO CONTRERAS ARIAS PACHECO ÁVILA`);
const IBERIAN_MALE = words('JOSÉ JUAN LUIS CARLOS JORGE MIGUEL FRANCISCO ANTONIO PEDRO MANUEL JESÚS ALEJANDRO RAFAEL FERNANDO RICARDO JAVIER DIEGO SERGIO EDUARDO ROBERTO ANDRÉS ÓSCAR MARIO HÉCTOR RAÚL VÍCTOR JOÃO PAULO ALBERTO ARTURO ENRIQUE GUILLERMO');
const IBERIAN_FEMALE = words('MARÍA ANA CARMEN LAURA ROSA GUADALUPE SOFÍA ISABEL LUCÍA PATRICIA ELENA MARTA GABRIELA VERÓNICA ADRIANA CLAUDIA DANIELA SANDRA');

function iberian(): Maker {
  const surname = zipfPicker(IBERIAN_SURNAMES, 0.5);
  const male = zipfPicker(IBERIAN_MALE, 0.5);
  const female = zipfPicker(IBERIAN_FEMALE, 0.5);
  return (rng, sex) => {
    const nationality = byWeight(rng, [['MEX', 0.3], ['COL', 0.2], ['VEN', 0.1], ['ESP', 0.1], ['BRA', 0.1], ['PER', 0.1], ['ARG', 0.1]]);
    const one = sex === 'M' ? male : female;
    const given = rng() < 0.4 ? `${one(rng)} ${one(rng)}` : one(rng);
    const family = rng() < 0.7 ? `${surname(rng)} ${surname(rng)}` : surname(rng);
    const accents = rng() < 0.6;
    const strip = (s: string): string => (accents ? s : s.normalize('NFD').replace(/\p{M}/gu, ''));
    return { name: { surname: strip(family), givenNames: strip(given) }, nationality };
  };
}

// ---- Slavic (Cyrillic; ICAO transliteration on half the entries) ---------------------------------

const SLAVIC_SURNAMES = words(`Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Федоров Морозов Волков Алексеев Лебедев Семенов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин Захаров Зайцев Соловьев Борисов Яковлев Григорьев Романов Воробьев Сергеев Кузьмин Фролов Александров Дмитриев Королев Гусев Киселев Ильин Максимов Поляков Сорокин Виноградов Ковалев Белов Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров Давыдов Беляев Герасимов Богданов Осипов Сидоров Матвеев Титов Марков Миронов Крылов Куликов Карпов Власов Мельников Денисов Гаврилов Тихонов Казаков Афанасьев Данилов Савельев Тимофеев Фомин Чернов Абрамов Мартынов Ефимов Щербаков Назаров Калинин Исаев Быков Маслов Шевченко Бондаренко Коваленко Бойко Ткаченко Кравченко Олейник Шевчук Лысенко Мельник`);
const SLAVIC_STEMS = words('Гром Кудр Прох Наум Потап Журав Овчинн Троф Леон Собол Ерм Колесн Гонч Емель Никиф Грач Кот Гриш Ефрем Архип Кирилл Малыш Пан Моис Румян Аким Кондрат Бирюк Горбун Анис Ерем Галк Лукьян Михе Скворц Юд Белоус Нестер Симон Харит Княз Цветк Лев Митроф Ворон Аксен Мальц Логин Горшк Сав Красн Майор Демид Елис Рыбак Сафон Плотн Хохл Ждан Дубр Сем Вишн Рудн Карас');
const SLAVIC_SUFFIXES = words('ов ев ин енко ский чук');
const SLAVIC_MALE = words('Александр Сергей Дмитрий Андрей Алексей Владимир Евгений Иван Михаил Николай Игорь Максим Олег Юрий Виктор Павел Роман Денис Артём Антон Константин Виталий Вячеслав Анатолий Валерий Геннадий Борис Григорий Илья Кирилл Никита Егор Руслан Станислав Вадим Леонид Пётр Василий Фёдор Тарас');
const SLAVIC_FEMALE = words('Елена Ольга Наталья Татьяна Ирина Светлана Анна Мария Екатерина Юлия Марина Галина Людмила Анастасия Оксана Валентина Надежда Ксения Дарья Виктория');
const PATRONYMIC_STEMS = words('Александров Сергеев Дмитриев Андреев Алексеев Владимиров Евгеньев Иванов Михайлов Николаев Игорев Викторов Юрьев Павлов Олегов Анатольев Валерьев Борисов Геннадьев Петров Васильев');

function feminine(surname: string): string {
  if (/(ов|ев|ёв|ин)$/.test(surname)) return `${surname}а`;
  if (surname.endsWith('ский')) return `${surname.slice(0, -4)}ская`;
  return surname; // -енко, -чук, -ник do not change
}

function slavic(): Maker {
  const tail: string[] = [];
  for (const stem of SLAVIC_STEMS) for (const suffix of SLAVIC_SUFFIXES) tail.push(stem + suffix);
  const surname = headAndTail(SLAVIC_SURNAMES, 0.3, tail, 0.5); // IVANOV about 1 in 70
  const male = zipfPicker(SLAVIC_MALE, 0.6); // ALEKSANDR about 1 in 9
  const female = zipfPicker(SLAVIC_FEMALE, 0.6);
  const patronymic = zipfPicker(PATRONYMIC_STEMS, 0.8);
  return (rng, sex) => {
    const nationality = byWeight(rng, [['RUS', 0.65], ['UKR', 0.2], ['BLR', 0.1], ['KAZ', 0.05]]);
    const family = sex === 'F' ? feminine(surname(rng)) : surname(rng);
    let given = sex === 'M' ? male(rng) : female(rng);
    // Lists name Russian and Belarusian persons with the patronymic (OFAC, EU: "Sergei Viktorovich").
    if (rng() < 0.7) given += ` ${patronymic(rng)}${sex === 'M' ? 'ич' : 'на'}`;
    const cyrillic = rng() < 0.5;
    const name = cyrillic ? { surname: family, givenNames: given } : { surname: transliterate(family), givenNames: transliterate(given) };
    return { name, nationality };
  };
}

// ---- Turkic and Persian: Turkey, Iran, Azerbaijan and Central Asia --------------------------------

const TURKISH_SURNAMES = words('YILMAZ KAYA DEMİR ŞAHİN ÇELİK YILDIZ YILDIRIM ÖZTÜRK AYDIN ÖZDEMİR ARSLAN DOĞAN KILIÇ ASLAN ÇETİN KARA KOÇ KURT ÖZKAN ŞİMŞEK POLAT ÖZCAN KORKMAZ ÇAKIR ERDOĞAN YAVUZ CAN ACAR ŞEN AKTAŞ GÜLER YALÇIN GÜNEŞ BOZKURT BULUT KESKİN ÜNAL TURAN GÜL ÖZER');
const TURKISH_MALE = words('MEHMET MUSTAFA AHMET ALİ HÜSEYİN HASAN İBRAHİM İSMAİL OSMAN YUSUF MURAT ÖMER RAMAZAN HALİL SÜLEYMAN ABDULLAH MAHMUT EMRE BURAK FATİH KEMAL ORHAN');
const TURKISH_FEMALE = words('FATMA AYŞE EMİNE HATİCE ZEYNEP ELİF MERVE ÖZLEM SEVGİ HÜLYA');
const PERSIAN_SURNAMES = words('HOSSEINI MOHAMMADI AHMADI REZAEI MOUSAVI JAFARI KARIMI HASHEMI RAHIMI SADEGHI MORADI GHORBANI ABBASI HEIDARI KAZEMI NOURI SALEHI TAHERI ASADI RAHMANI AKBARI GHASEMI NAJAFI SOLTANI');
const PERSIAN_MALE = words('MOHAMMAD ALI REZA HOSSEIN MEHDI HASSAN AMIR SAEED MOHSEN HAMID MAJID JAVAD MAHMOUD ABBAS MORTEZA MASOUD DAVOUD');
const PERSIAN_FEMALE = words('FATEMEH ZAHRA MARYAM MASOUMEH SAKINEH LEILA NARGES SOMAYEH');
const CENTRAL_SURNAMES = words('ALIYEV MAMMADOV HASANOV HUSEYNOV GULIYEV KARIMOV RAHIMOV YUSUPOV YULDASHEV ABDULLAEV TURSUNOV ISMAILOV NURMATOV SADIKOV ERGASHEV');
const CENTRAL_MALE = words('RUSTAM ALISHER FARRUKH JAMSHID BAHROM SHERZOD ELDAR RASHAD ORKHAN TIMUR ANVAR DILSHOD');
const CENTRAL_FEMALE = words('GULNARA DILNOZA NIGORA AYGUL LEYLA SEVINJ');

function turkicPersian(): Maker {
  // Turkish family names are many (chosen freely under the 1934 surname law): YILMAZ, the commonest,
  // is about 1 in 70, so the head list is flat and half the names come from a rule-made tail.
  const turkishTail = ruleMade(83, words('AK KAR DEM OZ YIL GUN ER TAS KAN SEN BAY TUR CAN DAG KOC ALP'), 3000, 2, 3);
  // Given names beyond the head lists (real given names have long tails too).
  const givenTail = ruleMade(84, words('BA HA DIR SE VAL NUR AY GUL KE MAL TO RU FER HAT ZA RA MI NE'), 2000, 2, 3);
  const pools = {
    TUR: [headAndTail(TURKISH_SURNAMES, 0.4, turkishTail, 0.6), headAndTail(TURKISH_MALE, 0.5, givenTail, 0.4), headAndTail(TURKISH_FEMALE, 0.5, givenTail, 0.4)],
    IRN: [zipfPicker(PERSIAN_SURNAMES, 0.6), headAndTail(PERSIAN_MALE, 0.6, givenTail, 0.3), headAndTail(PERSIAN_FEMALE, 0.6, givenTail, 0.3)],
    AZE: [zipfPicker(CENTRAL_SURNAMES, 0.8), headAndTail(CENTRAL_MALE, 0.9, givenTail, 0.4), headAndTail(CENTRAL_FEMALE, 0.9, givenTail, 0.4)],
  } as const;
  return (rng, sex) => {
    const which = byWeight(rng, [['TUR', 0.5], ['IRN', 0.3], ['AZE', 0.2]] as ['TUR' | 'IRN' | 'AZE', number][]);
    const [surname, male, female] = pools[which];
    let family = surname(rng);
    if (which === 'AZE' && sex === 'F') family += 'A'; // ALIYEVA, KARIMOVA
    const one = sex === 'M' ? male : female;
    const given = rng() < 0.25 ? `${one(rng)} ${one(rng)}` : one(rng);
    const nationality = which === 'AZE' ? (rng() < 0.5 ? 'AZE' : 'UZB') : which;
    return { name: { surname: family, givenNames: given }, nationality };
  };
}

// ---- Anglo, Germanic and other European ----------------------------------------------------------

const EUROPEAN_SURNAMES = words(`SMITH JOHNSON WILLIAMS BROWN JONES MILLER DAVIS WILSON ANDERSON TAYLOR THOMAS MOORE MARTIN JACKSON THOMPSON WHITE HARRIS CLARK LEWIS ROBINSON WALKER YOUNG ALLEN KING WRIGHT SCOTT GREEN BAKER ADAMS NELSON HILL CAMPBELL MITCHELL ROBERTS CARTER PHILLIPS EVANS TURNER MÜLLER SCHMIDT SCHNEIDER FISCHER WEBER MEYER WAGNER BECKER SCHULZ HOFFMANN SCHÄFER KOCH BAUER RICHTER KLEIN WOLF SCHRÖDER NEUMANN SCHWARZ ZIMMERMANN BRAUN KRÜGER HARTMANN LANGE WERNER KRAUSE LEHMANN KÖHLER ROSSI RUSSO FERRARI ESPOSITO BIANCHI ROMANO COLOMBO JANSEN BAKKER JANSSEN HANSEN JOHANSSON NIELSEN ANDERSSON LARSEN KARLSSON NILSSON ERIKSSON`);
const EUROPEAN_SYLLABLES = words('BER MAN STEIN HOLT WOOD FIELD BROOK TON LEY HAM WELL SHAW RICH HART LAND BURG DORF HOF MEI ER SON FORD BRIDGE');
const EUROPEAN_MALE = words('JAMES JOHN ROBERT MICHAEL WILLIAM DAVID RICHARD JOSEPH THOMAS CHARLES CHRISTOPHER DANIEL MATTHEW MARK PAUL STEVEN ANDREW PETER GEORGE EDWARD ANDREAS STEFAN KLAUS JÜRGEN WOLFGANG HANS UWE GIUSEPPE MARCO LARS ERIK JAN ALEXANDER');
const EUROPEAN_FEMALE = words('MARY PATRICIA JENNIFER LINDA ELIZABETH SUSAN SARAH KAREN ANNA URSULA SABINE MONIKA GIULIA EMMA INGRID KATHARINA');

function angloGermanic(): Maker {
  const surname = headAndTail(EUROPEAN_SURNAMES, 0.5, ruleMade(73, EUROPEAN_SYLLABLES, 8000), 0.6); // SMITH about 1 in 45
  const male = zipfPicker(EUROPEAN_MALE, 0.4);
  const female = zipfPicker(EUROPEAN_FEMALE, 0.4);
  return (rng, sex) => {
    const nationality = byWeight(rng, [['USA', 0.3], ['GBR', 0.2], ['DEU', 0.2], ['ITA', 0.1], ['NLD', 0.1], ['SWE', 0.1]]);
    const one = sex === 'M' ? male : female;
    const given = rng() < 0.4 ? `${one(rng)} ${one(rng)}` : one(rng);
    return { name: { surname: surname(rng), givenNames: given }, nationality };
  };
}

// ---- East African: Somali (three-generation names), Ethiopian/Eritrean, Kenyan/Ugandan ----------

const SOMALI_MALE = words('MOHAMED ABDI ALI HASSAN AHMED OMAR ABDULLAHI YUSUF ISMAIL IBRAHIM ABDIRAHMAN MOHAMUD HUSSEIN ADAN NUR FARAH OSMAN ADEN ABDIKADIR JAMA WARSAME ELMI GUTALE DUALE HIRSI SAMATAR ABDIRIZAK MUSE ISSE');
const SOMALI_FEMALE = words('FADUMO HALIMO AMINA MARYAN HODAN SAHRA ASHA KHADIJO NASRA IFRAH');
const ETHIOPIAN_MALE = words('TESFAYE GIRMA TADESSE KEBEDE ALEMU BEKELE HAILE GETACHEW MULUGETA ASSEFA DAWIT YOHANNES SOLOMON DANIEL BERHANE TEKLE GEBRE GEBREMEDHIN WOLDE MENGISTU ABEBE FIKRE SAMUEL YONAS TEWELDE HABTOM');
const ETHIOPIAN_FEMALE = words('TSEHAY MULU ALMAZ HIRUT SABA MERON SELAM TIGIST HANNA BETELHEM');
const KENYAN_SURNAMES = words('KAMAU MWANGI OTIENO ODHIAMBO WANJIRU KIPROTICH OCHIENG ONYANGO MUTUA KIMANI NJOROGE KARANJA WAMBUI CHEBET MUSYOKA OMONDI OKELLO MUGISHA NAKATO KATO NAMBI WAFULA BARASA');
const KENYAN_GIVEN_MALE = words('JOHN PETER JOSEPH JAMES DAVID SAMUEL DANIEL PAUL STEPHEN MOSES BRIAN KEVIN');
const KENYAN_GIVEN_FEMALE = words('MARY GRACE JANE ESTHER FAITH MERCY ANN LUCY');
const BANTU_SYLLABLES = words('KA MU WA NJO GI RI KI MA NYA BU SI TU O LA NDA GE KE CHI');

function eastAfrican(): Maker {
  // Somali names are famously concentrated (three generations from one short list); Ethiopian given
  // names far less: both get a rule-made tail, the Ethiopian a larger one.
  const somaliTail = ruleMade(80, words('AB DI XA SAN CA LI FA RAH WAR SA ME GU TA LE DU HIR SI JA MA CI NUR'), 2000, 2, 3);
  const ethiopianTail = ruleMade(81, words('TE SFA YE GI RMA HA ME KON NE AB WOL DE GE BRE SE LAM TI DA WIT YO HAN MU LU TA BE KE LE AS FAW ZE TSE GA'), 4000, 2, 3);
  const soMale = headAndTail(SOMALI_MALE, 0.9, somaliTail, 0.3);
  const soFemale = headAndTail(SOMALI_FEMALE, 0.9, somaliTail, 0.3);
  const etMale = headAndTail(ETHIOPIAN_MALE, 0.5, ethiopianTail, 0.5);
  const etFemale = headAndTail(ETHIOPIAN_FEMALE, 0.5, ethiopianTail, 0.5);
  const keSurname = headAndTail(KENYAN_SURNAMES, 0.8, ruleMade(79, BANTU_SYLLABLES, 4000), 0.5);
  const bantuGiven = ruleMade(82, BANTU_SYLLABLES, 2000, 2, 3);
  const keMale = headAndTail(KENYAN_GIVEN_MALE, 0.5, bantuGiven, 0.4);
  const keFemale = headAndTail(KENYAN_GIVEN_FEMALE, 0.5, bantuGiven, 0.4);
  return (rng, sex) => {
    const which = byWeight(rng, [['SOM', 0.4], ['ETH', 0.3], ['KEN', 0.3]]);
    if (which === 'SOM') {
      // Own name, father's name, grandfather's name; the last is written as the surname.
      return { name: { surname: soMale(rng), givenNames: `${sex === 'M' ? soMale(rng) : soFemale(rng)} ${soMale(rng)}` }, nationality: 'SOM' };
    }
    if (which === 'ETH') {
      return { name: { surname: etMale(rng), givenNames: sex === 'M' ? etMale(rng) : etFemale(rng) }, nationality: rng() < 0.75 ? 'ETH' : 'ERI' };
    }
    return { name: { surname: keSurname(rng), givenNames: sex === 'M' ? keMale(rng) : keFemale(rng) }, nationality: rng() < 0.6 ? 'KEN' : 'UGA' };
  };
}

let makers: Record<Culture, Maker> | null = null;

/** A person of the given culture: name as a list would write it, and the likely nationality. */
export function foreignPerson(rng: Rng, culture: Culture, sex: Sex): ForeignPerson {
  makers ??= {
    'east-asian': eastAsian(), 'south-asian': southAsian(), iberian: iberian(), slavic: slavic(),
    'turkic-persian': turkicPersian(), 'anglo-germanic': angloGermanic(), 'east-african': eastAfrican(),
  };
  return makers[culture](rng, sex);
}
