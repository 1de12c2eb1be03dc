export {
  type AnalyticsImportSummary,
  createCsvImport,
  getImport,
  importConversionRows,
  importMetadataRows,
  importOrgId,
  importSpoolDir,
  IMPORT_LIST_LIMIT,
  listImports,
  runCsvImport,
  ZImportId,
  ZListImports,
} from "./imports.ts";
export {
  IMPORT_COLUMNS,
  IMPORT_KINDS,
  IMPORT_MAX_API_ROWS,
  IMPORT_MAX_ERRORS,
  importTemplate,
  type ImportError,
  type ImportKind,
} from "./format.ts";
