-- SPDX-License-Identifier: MIT
-- KNOWN ENGINE BUG (corpus/known-failing.txt), found while writing the P7 user-SQL probes
-- (issue 10, harness power, 2026-12-02): a probe preparing PRAGMA case_sensitive_like, which
-- SQLite applies while it prepares it, left LIKE case-sensitive on the connection, and the
-- next plan dropped an FTS5 table's shadow tables. The engine finds virtual tables with
-- `sql LIKE 'create virtual%'` (schema_inspect.c, strategy_prefix.c); the caller's PRAGMA
-- case_sensitive_like=ON (allowed user SQL even under the durable-object profile) makes that
-- miss "CREATE VIRTUAL TABLE ...", so the shadow tables look like ordinary tables the
-- definitions do not hold: an unchanged FTS5 definition plans DROP TABLE "docs_data",
-- "docs_idx", ... and the index is lost. Found by hand from the API too (the caller sets the
-- pragma, ss_plan_create of the same definitions): DROP TABLE "docs_idx"; ... 5 statements.
-- replay: schemasync replay --include-known-failing corpus/case-sensitive-like-fts5.sql
-- #region: FTS5 table, caller's LIKE case-sensitive
-- config: {"allowDestructive":true,"foreignKeys":false,"propertiesOnly":true,"caseSensitiveLike":true}
-- baseline:
CREATE VIRTUAL TABLE docs USING fts5(title);
-- rows:
INSERT INTO docs (title) VALUES ('alpha'), ('beta gamma');
-- desired:
CREATE VIRTUAL TABLE docs USING fts5(title);
-- #endregion
