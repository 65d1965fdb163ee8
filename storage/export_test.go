package storage

// MigrateFS exposes migrateFS to the storage tests.
var MigrateFS = migrateFS
