-- An uploaded plan file is parsed once (docs/upload-limits.md): the parse
-- (docimport.Parsed as JSON, within the reader's text budget) is kept with
-- the upload, and every preview and the confirmation read it instead of
-- the file. Additive only: NULL for an upload an older binary kept (its
-- preview answers as expired; uploads live an hour).
ALTER TABLE plan_imports ADD COLUMN parsed bytea;
