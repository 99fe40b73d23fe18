/** The data layer: read tables (CSV or bit matrix) and encode them into input bits. */
export { readBitMatrix, isBitMatrixText, parseBitMatrixText } from './bitmatrix';
export { readCsvTable, parseCsvText } from './csv';
export {
  DEFAULT_THRESHOLDS,
  encodeRows,
  fitEncoders,
  type EncodedRows,
  type FitOptions,
  type FitResult,
} from './encode';
export { DataError, type DataLocation } from './errors';
export { inferColumnKind, inferFeatureColumns, type FeatureColumn, type InferOptions } from './infer';
export { orderLabels } from './labels';
export { bitCount, bitPredicates, featureBits, formatPredicate, type BitPredicate } from './predicate';
export { readTable } from './read';
export { COLUMN_KINDS, MISSING_TOKENS, type ColumnKind, type MissingPolicy } from './schema';
export {
  encoderSpecSchema,
  featureEncoderSchema,
  type BooleanEncoder,
  type CategoricalEncoder,
  type EncoderSpec,
  type FeatureEncoder,
  type NumericEncoder,
} from './spec';
export { columnIndex, type Table } from './table';
export { quantileThresholds, readableMidpoint } from './thresholds';
