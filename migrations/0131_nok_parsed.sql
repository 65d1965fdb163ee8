-- An operator's table is parsed once (docs/upload-limits.md): the parse
-- (nokimport.Table as JSON, within the reader's text budget) is kept with
-- the held upload and the confirmation matches it again instead of reading
-- the file. Additive only: NULL for an upload an older binary kept (its
-- confirmation answers as expired; uploads live an hour).
ALTER TABLE assessment_uploads ADD COLUMN parsed bytea;
