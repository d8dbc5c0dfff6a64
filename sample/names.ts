/** Word lists for readable names; fictional, combined by the seeded PRNG. */
export const FIRST_NAMES = [
  'Ava', 'Ben', 'Chloe', 'Diego', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kira', 'Liam',
  'Maya', 'Noah', 'Olga', 'Priya', 'Quinn', 'Rafael', 'Sara', 'Tomás', 'Uma', 'Victor', 'Wen', 'Yusuf',
  'Zoë', "Aoife", 'Björn', 'Chiara', 'Dmitri', 'Emeka',
] as const;

export const LAST_NAMES = [
  'Adeyemi', 'Bauer', 'Chen', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Haddad', 'Ivanova', 'Jensen',
  'Kowalski', 'Lopez', 'Müller', 'Nakamura', 'Okafor', 'Patel', 'Quispe', 'Rossi', 'Silva', 'Tanaka',
  "O'Brien", 'Varga', 'Walsh', 'Xu', 'Yilmaz', 'Zhang',
] as const;

export const COMPANY_FIRST = [
  'Northwind', 'Bluepeak', 'Copperleaf', 'Driftwood', 'Evergreen', 'Foxglove', 'Granite', 'Harbor',
  'Ironbark', 'Juniper', 'Keystone', 'Lumen', 'Meridian', 'Nimbus', 'Orchard', 'Pioneer', 'Quarry',
  'Redwood', 'Summit', 'Tidewater', 'Umbra', 'Vantage', 'Willow', 'Zenith',
] as const;

export const COMPANY_SECOND = [
  'Analytics', 'Labs', 'Systems', 'Health', 'Logistics', 'Capital', 'Foods', 'Robotics', 'Media',
  'Learning', 'Energy', 'Networks', 'Studios', 'Partners', 'Works',
] as const;

export const COMPANY_SUFFIX = ['Inc', 'LLC', 'GmbH', 'Ltd', 'S.A.', 'Co', 'Group', 'AG'] as const;

export const INDUSTRIES = [
  'software', 'fintech', 'healthcare', 'manufacturing', 'retail', 'education', 'media', 'logistics',
  'professional_services', 'public_sector',
] as const;
