import type { paths } from '../../../api/schema';

export type Dictionary = paths['/api/dictionaries']['get']['responses'][200]['content']['application/json'][number];
export type DictionaryItem =
  paths['/api/dictionary-items/{code}']['get']['responses'][200]['content']['application/json'][number];
