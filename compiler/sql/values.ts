/** A bound value, as the warehouse connection accepts it (mirrors adapters' SqlValue; compiler/ never imports adapters/). */
export type SqlValue = string | number | boolean | null;
