/** Where the shop ships (ISO 3166-1 alpha-2); tax and shipping follow the destination. */
export const countries = [
  ['US', 'United States'],
  ['CA', 'Canada'],
  ['GB', 'United Kingdom'],
  ['DE', 'Germany'],
  ['FR', 'France'],
  ['ES', 'Spain'],
  ['IT', 'Italy'],
  ['NL', 'Netherlands'],
  ['AU', 'Australia'],
  ['JP', 'Japan'],
] as const;
