// Package store holds all of Handoff's SQL: sqlx over SQLite (modernc.org/sqlite, the
// embedded default) or PostgreSQL (lib/pq), the goose migrations of each dialect, and the
// change feed. One SQL text serves both dialects wherever it can ($n placeholders, ON
// CONFLICT upserts, fixed-width RFC 3339 text for internal times).
package store
