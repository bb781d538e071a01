-- SPDX-License-Identifier: MIT
-- R*Tree: bounds renamed (values kept by position), auxiliary column added, a dimension lost, rtree to rtree_i32, and a new coordinate on rows refused.

-- #region: rtree bounds renamed
-- baseline:
create virtual table r using rtree(id, x0, x1, y0, y1);
-- rows:
insert into r values (1, 0, 1, 0, 1), (7, 5, 6, 5, 6), (9, -3, 2.5, 1, 4);
-- desired:
create virtual table r using rtree(id, minx, maxx, miny, maxy);
-- #endregion

-- #region: rtree bounds renamed (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create virtual table r using rtree(id, x0, x1, y0, y1);
-- rows:
insert into r values (1, 0, 1, 0, 1), (7, 5, 6, 5, 6), (9, -3, 2.5, 1, 4);
-- desired:
create virtual table r using rtree(id, minx, maxx, miny, maxy);
-- #endregion

-- #region: rtree bounds renamed (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create virtual table r using rtree(id, x0, x1, y0, y1);
-- rows:
insert into r values (1, 0, 1, 0, 1), (7, 5, 6, 5, 6), (9, -3, 2.5, 1, 4);
-- desired:
create virtual table r using rtree(id, minx, maxx, miny, maxy);
-- #endregion

-- #region: rtree bounds renamed without allowDestructive (positional: nothing lost)
-- config: {"allowDestructive": false}
-- baseline:
create virtual table r using rtree(id, x0, x1);
-- rows:
insert into r values (1, 0, 2);
-- desired:
create virtual table r using rtree(id, minx, maxx);
-- #endregion

-- #region: rtree bounds renamed without allowDestructive (positional: nothing lost) (foreign keys on)
-- config: {"foreignKeys": true, "allowDestructive": false}
-- baseline:
create virtual table r using rtree(id, x0, x1);
-- rows:
insert into r values (1, 0, 2);
-- desired:
create virtual table r using rtree(id, minx, maxx);
-- #endregion

-- #region: rtree bounds renamed without allowDestructive (positional: nothing lost) (durable-object profile)
-- config: {"profile": "durable-object", "allowDestructive": false}
-- baseline:
create virtual table r using rtree(id, x0, x1);
-- rows:
insert into r values (1, 0, 2);
-- desired:
create virtual table r using rtree(id, minx, maxx);
-- #endregion

-- #region: rtree gains an auxiliary column
-- baseline:
create virtual table r using rtree(id, x0, x1, y0, y1);
-- rows:
insert into r values (1, 0, 1, 0, 1), (7, 5, 6, 5, 6), (9, -3, 2.5, 1, 4);
-- desired:
create virtual table r using rtree(id, x0, x1, y0, y1, +label text);
-- #endregion

-- #region: rtree gains an auxiliary column (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create virtual table r using rtree(id, x0, x1, y0, y1);
-- rows:
insert into r values (1, 0, 1, 0, 1), (7, 5, 6, 5, 6), (9, -3, 2.5, 1, 4);
-- desired:
create virtual table r using rtree(id, x0, x1, y0, y1, +label text);
-- #endregion

-- #region: rtree gains an auxiliary column (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create virtual table r using rtree(id, x0, x1, y0, y1);
-- rows:
insert into r values (1, 0, 1, 0, 1), (7, 5, 6, 5, 6), (9, -3, 2.5, 1, 4);
-- desired:
create virtual table r using rtree(id, x0, x1, y0, y1, +label text);
-- #endregion

-- #region: rtree loses a dimension
-- baseline:
create virtual table r using rtree(id, x0, x1, y0, y1);
-- rows:
insert into r values (1, 0, 1, 0, 1), (7, 5, 6, 5, 6), (9, -3, 2.5, 1, 4);
-- desired:
create virtual table r using rtree(id, x0, x1);
-- #endregion

-- #region: rtree loses a dimension (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create virtual table r using rtree(id, x0, x1, y0, y1);
-- rows:
insert into r values (1, 0, 1, 0, 1), (7, 5, 6, 5, 6), (9, -3, 2.5, 1, 4);
-- desired:
create virtual table r using rtree(id, x0, x1);
-- #endregion

-- #region: rtree loses a dimension (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create virtual table r using rtree(id, x0, x1, y0, y1);
-- rows:
insert into r values (1, 0, 1, 0, 1), (7, 5, 6, 5, 6), (9, -3, 2.5, 1, 4);
-- desired:
create virtual table r using rtree(id, x0, x1);
-- #endregion

-- #region: rtree to rtree_i32
-- baseline:
create virtual table r using rtree(id, x0, x1, y0, y1);
-- rows:
insert into r values (1, 0, 1, 0, 1), (7, 5, 6, 5, 6), (9, -3, 2.5, 1, 4);
-- desired:
create virtual table r using rtree_i32(id, x0, x1, y0, y1);
-- #endregion

-- #region: rtree to rtree_i32 (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create virtual table r using rtree(id, x0, x1, y0, y1);
-- rows:
insert into r values (1, 0, 1, 0, 1), (7, 5, 6, 5, 6), (9, -3, 2.5, 1, 4);
-- desired:
create virtual table r using rtree_i32(id, x0, x1, y0, y1);
-- #endregion

-- #region: rtree to rtree_i32 (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create virtual table r using rtree(id, x0, x1, y0, y1);
-- rows:
insert into r values (1, 0, 1, 0, 1), (7, 5, 6, 5, 6), (9, -3, 2.5, 1, 4);
-- desired:
create virtual table r using rtree_i32(id, x0, x1, y0, y1);
-- #endregion

-- #region: rtree gains a dimension while empty
-- baseline:
create virtual table r using rtree(id, x0, x1);
-- desired:
create virtual table r using rtree(id, x0, x1, y0, y1);
-- #endregion

-- #region: rtree gains a dimension while empty (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create virtual table r using rtree(id, x0, x1);
-- desired:
create virtual table r using rtree(id, x0, x1, y0, y1);
-- #endregion

-- #region: rtree gains a dimension while empty (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create virtual table r using rtree(id, x0, x1);
-- desired:
create virtual table r using rtree(id, x0, x1, y0, y1);
-- #endregion

-- #region: rtree gains a dimension over rows (refused)
-- config: {"allowDestructive": false}
-- baseline:
create virtual table r using rtree(id, x0, x1);
-- rows:
insert into r values (1, 0, 2);
-- desired:
create virtual table r using rtree(id, x0, x1, y0, y1);
-- error: "would need values invented"
-- #endregion

-- #region: rtree gains a dimension over rows (refused) (foreign keys on)
-- config: {"foreignKeys": true, "allowDestructive": false}
-- baseline:
create virtual table r using rtree(id, x0, x1);
-- rows:
insert into r values (1, 0, 2);
-- desired:
create virtual table r using rtree(id, x0, x1, y0, y1);
-- error: "would need values invented"
-- #endregion

-- #region: rtree gains a dimension over rows (refused) (durable-object profile)
-- config: {"profile": "durable-object", "allowDestructive": false}
-- baseline:
create virtual table r using rtree(id, x0, x1);
-- rows:
insert into r values (1, 0, 2);
-- desired:
create virtual table r using rtree(id, x0, x1, y0, y1);
-- error: "would need values invented"
-- #endregion
