-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk, then reduced by hand.
-- #region: P4 seed 8179120965582120457
-- property P4 failed: [scratch-db vs prefix] plans differ (scratch-db expected, prefix got): line 1: expected <CREATE TABLE "t2" ( -- note> got <CREATE TABLE "t2" ( name integer PRIMARY KEY AUTOINCREMENT NOT NULL, "Order" TEXT);>
-- found by: schemasync check --seed 15 (case seed 8179120965582120457)
-- The definitions repeat a table with IF NOT EXISTS: SQLite keeps the first statement, the
-- second changes nothing. scratch-db plans the first statement's text; prefix, which builds
-- an AUTOINCREMENT table without the keyword and rebuilds its text from the definition,
-- takes the second one's: the strategies' plans differ (SPEC §1: byte-identical plans).
-- Without AUTOINCREMENT both agree.
-- propertiesOnly: the correct plan is not known, replay checks P1-P10
-- config: {"allowDestructive":true,"foreignKeys":false,"propertiesOnly":true}
-- baseline:
-- desired:
CREATE TABLE `t2` ( -- note
name integer PRIMARY KEY AUTOINCREMENT NOT NULL,
  `Order` TEXT);
CREATE TABLE IF NOT EXISTS t2 ( name integer PRIMARY KEY AUTOINCREMENT NOT NULL, "Order" TEXT);
-- #endregion
