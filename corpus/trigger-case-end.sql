-- SPDX-License-Identifier: MIT
-- Trigger bodies whose statement ends in a CASE expression: "... end;" comes before the
-- trigger's own "end;", so a splitter that ends a CREATE TRIGGER at the first "END ;" cuts
-- it in two (found by schemasync check with feature:trigger-body-case-expression; shrunk).

-- #region: an unchanged trigger whose body ends in CASE ... END plans nothing
-- config: {"foreignKeys": true}
-- baseline:
create table t (a int, b int);
create trigger t after insert on t begin select case when new.a is null then 0 else 1 end;
end;
-- rows:
insert into t values (1, 2);
-- desired:
create table t (a int, b int);
create trigger t after insert on t begin select case when new.a is null then 0 else 1 end;
end;
-- output: <empty>
-- #endregion

-- #region: a trigger whose body ends in CASE ... END is added beside a new column
-- config: {"propertiesOnly": true}
-- baseline:
create table t (a int);
-- rows:
insert into t values (1), (NULL);
-- desired:
create table t (a int, b text default 'n');
CREATE TRIGGER tr BEFORE UPDATE OF a ON t BEGIN
  SELECT CASE WHEN old.a IS NULL THEN 'none' ELSE 'some' END;
END;
-- #endregion

-- #region: durable object: a trigger whose body ends in CASE ... END, under the profile
-- config: {"profile": "durable-object", "propertiesOnly": true}
-- baseline:
create table t (a int, a2 int);
-- desired:
create table t (a int, a2 int);
create trigger t after insert on t begin select case when new.a is null then 0 else 1 end;
end;
-- #endregion
