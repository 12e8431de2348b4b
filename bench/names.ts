/**
 * Word lists for synthetic CRM data: Persian and English people and companies. Persian entries carry a
 * Latin transliteration for email addresses and domains. Lists that feed a Zipf picker are ordered from
 * most to least common.
 */

export type Named = readonly [native: string, latin: string];

export const PERSIAN_FIRST_NAMES: readonly Named[] = [
  ['محمد', 'mohammad'],
  ['علی', 'ali'],
  ['فاطمه', 'fatemeh'],
  ['زهرا', 'zahra'],
  ['حسین', 'hossein'],
  ['مریم', 'maryam'],
  ['رضا', 'reza'],
  ['سارا', 'sara'],
  ['مهدی', 'mahdi'],
  ['نگار', 'negar'],
  ['امیرحسین', 'amirhossein'],
  ['نیلوفر', 'niloufar'],
  ['امیر', 'amir'],
  ['پریسا', 'parisa'],
  ['آرش', 'arash'],
  ['بهاره', 'bahareh'],
  ['کیان', 'kian'],
  ['شیما', 'shima'],
  ['سینا', 'sina'],
  ['الهام', 'elham'],
  ['پویا', 'pouya'],
  ['یاسمن', 'yasaman'],
  ['حمید', 'hamid'],
  ['مهسا', 'mahsa'],
  ['کاوه', 'kaveh'],
  ['ترانه', 'taraneh'],
  ['سید مهدی', 'seyedmahdi'],
  ['آیدا', 'aida'],
];

/** Most common first. Some use a zero-width non-joiner (U+200C), as Persian keyboards type them. */
export const PERSIAN_LAST_NAMES: readonly Named[] = [
  ['محمدی', 'mohammadi'],
  ['حسینی', 'hosseini'],
  ['احمدی', 'ahmadi'],
  ['رضایی', 'rezaei'],
  ['موسوی', 'mousavi'],
  ['کریمی', 'karimi'],
  ['جعفری', 'jafari'],
  ['صادقی', 'sadeghi'],
  ['رحیمی', 'rahimi'],
  ['هاشمی', 'hashemi'],
  ['قاسمی', 'ghasemi'],
  ['ابراهیمی', 'ebrahimi'],
  ['حسین\u200Cزاده', 'hosseinzadeh'],
  ['نوری', 'nouri'],
  ['کاظمی', 'kazemi'],
  ['حیدری', 'heydari'],
  ['عباسی', 'abbasi'],
  ['اکبری', 'akbari'],
  ['علی\u200Cپور', 'alipour'],
  ['طاهری', 'taheri'],
  ['یوسفی', 'yousefi'],
  ['مرادی', 'moradi'],
  ['سلیمانی', 'soleimani'],
  ['امینی', 'amini'],
  ['نجفی', 'najafi'],
  ['فرهادی', 'farhadi'],
  ['کریمی\u200Cنژاد', 'kariminejad'],
  ['تهرانی', 'tehrani'],
  ['شیرازی', 'shirazi'],
  ['اصفهانی', 'esfahani'],
  ['میرزایی', 'mirzaei'],
  ['بابایی', 'babaei'],
  ['خسروی', 'khosravi'],
  ['زارعی', 'zarei'],
  ['قربانی', 'ghorbani'],
  ['شریفی', 'sharifi'],
  ['یزدانی', 'yazdani'],
  ['پاکزاد', 'pakzad'],
  ['وحیدی', 'vahidi'],
  ['فتحی', 'fathi'],
];

export const ENGLISH_FIRST_NAMES: readonly string[] = [
  'James',
  'Mary',
  'John',
  'Patricia',
  'Robert',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Susan',
  'Richard',
  'Jessica',
  'Joseph',
  'Sarah',
  'Thomas',
  'Karen',
  'Daniel',
  'Emma',
  'Olivia',
  'Noah',
  'Liam',
  'Sophia',
  'Lucas',
  'Mia',
  'Zoë',
  'Renée',
  'José',
  'Chloé',
];

/** Most common first; a few carry accents or apostrophes, which search folds or keeps. */
export const ENGLISH_LAST_NAMES: readonly string[] = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Wilson',
  'Anderson',
  'Taylor',
  'Thomas',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Müller',
  'Schmidt',
  'Dubois',
  "O'Brien",
  'Nguyen',
  'Kowalski',
  'García',
  'Novák',
  'Rossi',
  'Larsen',
  'Yılmaz',
  'Okafor',
];

export const JOB_TITLES: readonly string[] = [
  'مدیر فروش',
  'کارشناس بازاریابی',
  'مدیرعامل',
  'مدیر فنی',
  'کارشناس خرید',
  'حسابدار',
  'مدیر بازرگانی',
  'کارشناس فروش',
  'مدیر منابع انسانی',
  'Sales Manager',
  'Marketing Specialist',
  'CEO',
  'CTO',
  'Procurement Lead',
  'Software Engineer',
  'Head of Operations',
  'Account Executive',
  'Founder',
  'VP Sales',
  'Office Manager',
];

export const SOURCES: readonly string[] = [
  'website',
  'referral',
  'exhibition',
  'linkedin',
  'instagram',
  'cold_call',
  'import',
];

export const CAMPAIGNS: readonly string[] = [
  'spring-webinar',
  'nowruz-offer',
  'pricing-guide',
  'trade-show-2026',
  'newsletter',
];

export const EMAIL_PROVIDERS: readonly string[] = ['gmail.com', 'yahoo.com', 'outlook.com', 'chmail.ir', 'mail.ir'];

/** Iranian mobile prefixes (after the leading 0 / +98). */
export const IR_MOBILE_PREFIXES: readonly string[] = [
  '912',
  '913',
  '914',
  '915',
  '917',
  '919',
  '921',
  '922',
  '935',
  '936',
  '937',
  '938',
  '939',
  '901',
  '902',
  '990',
];

export const US_AREA_CODES: readonly string[] = ['212', '415', '646', '312', '617', '206', '512'];

export const PERSIAN_COMPANY_PREFIXES: readonly Named[] = [
  ['شرکت', 'sherkat'],
  ['گروه صنعتی', 'group'],
  ['هلدینگ', 'holding'],
  ['بازرگانی', 'trading'],
  ['فناوری اطلاعات', 'it'],
  ['صنایع', 'sanaye'],
];

export const PERSIAN_COMPANY_CORES: readonly Named[] = [
  ['پارس', 'pars'],
  ['آریا', 'arya'],
  ['سپهر', 'sepehr'],
  ['نوآوران', 'noavaran'],
  ['داده\u200Cپردازان', 'dadepardazan'],
  ['کاوش', 'kavosh'],
  ['البرز', 'alborz'],
  ['زاگرس', 'zagros'],
  ['خلیج فارس', 'khalijfars'],
  ['مهرگان', 'mehregan'],
  ['آفتاب', 'aftab'],
  ['پیشگامان', 'pishgaman'],
  ['سامان', 'saman'],
  ['ایده\u200Cپرداز', 'idehpardaz'],
];

export const ENGLISH_COMPANY_CORES: readonly string[] = [
  'Northwind',
  'Contoso',
  'Fabrikam',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Acme',
  'Tyrell',
  'Hooli',
  'Vandelay',
  'Soylent',
  'Wonka',
  'Cyberdyne',
  'Massive Dynamic',
];

export const ENGLISH_COMPANY_SUFFIXES: readonly string[] = [
  'Traders',
  'Analytics',
  'Systems',
  'Logistics',
  'Foods',
  'Labs',
  'Group',
  'Holdings',
];

export const INDUSTRIES: readonly string[] = [
  'software',
  'manufacturing',
  'retail',
  'logistics',
  'finance',
  'healthcare',
  'education',
  'construction',
  'food',
];

export const IR_CITIES: readonly string[] = ['تهران', 'اصفهان', 'شیراز', 'مشهد', 'تبریز', 'کرج', 'Tehran', 'Isfahan'];

export const FOREIGN_LOCATIONS: readonly (readonly [country: string, city: string])[] = [
  ['DE', 'Berlin'],
  ['AE', 'Dubai'],
  ['TR', 'Istanbul'],
  ['US', 'New York'],
  ['GB', 'London'],
];

export const INTERESTS: readonly string[] = ['ERP', 'CRM', 'Cloud', 'Security', 'Analytics', 'Training'];
