CREATE TEMP TRIGGER tr BEFORE UPDATE OF a, b ON t FOR EACH ROW WHEN new.a > 0 BEGIN
  SELECT CASE WHEN new.b IS NULL THEN RAISE(ABORT, 'no; b') END;
  INSERT INTO log VALUES (new.a, 'x;y'); -- c;
END;
create view v as select 1;