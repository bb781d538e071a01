-- SPDX-License-Identifier: MIT
-- Engine bug found while writing the P7 user-SQL probes (issue 10, harness power,
-- 2026-12-02); fixed. The engine found virtual tables with `sql LIKE 'create virtual%'`
-- (schema_inspect.c, strategy_prefix.c); the caller's PRAGMA case_sensitive_like=ON (allowed
-- user SQL even under the durable-object profile) made that miss "CREATE VIRTUAL TABLE ...",
-- so the shadow tables looked like ordinary tables the definitions do not hold: an unchanged
-- FTS5 definition planned DROP TABLE "docs_data", "docs_idx", ... and the index was lost.
-- The engine now finds them by a byte range on the stored text, which no pragma changes.
-- #region: FTS5 table, caller's LIKE case-sensitive
-- config: {"allowDestructive":true,"foreignKeys":false,"propertiesOnly":true,"caseSensitiveLike":true}
-- baseline:
CREATE VIRTUAL TABLE docs USING fts5(title);
-- rows:
INSERT INTO docs (title) VALUES ('alpha'), ('beta gamma');
-- desired:
CREATE VIRTUAL TABLE docs USING fts5(title);
-- #endregion
