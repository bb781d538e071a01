-- SPDX-License-Identifier: MIT
-- FTS5 over an external content table: recreated and rebuilt from it; a rebuilt content table leaves the index answering the same; the triggers that keep it in step keep working.

-- #region: external-content index changed
-- baseline:
create table posts(id integer primary key, title text, body text);
create virtual table px using fts5(title, content='posts', content_rowid='id');
create trigger posts_ai after insert on posts begin insert into px(rowid, title) values (new.id, new.title); end;
create trigger posts_ad after delete on posts begin insert into px(px, rowid, title) values ('delete', old.id, old.title); end;
-- rows:
insert into posts values (1, 'alpha one', 'x'), (5, 'beta two', 'alpha y'), (8, 'gamma', null);
insert into px(px) values ('rebuild');
-- desired:
create table posts(id integer primary key, title text, body text);
create virtual table px using fts5(title, body, content='posts', content_rowid='id');
create trigger posts_ai after insert on posts begin insert into px(rowid, title) values (new.id, new.title); end;
create trigger posts_ad after delete on posts begin insert into px(px, rowid, title) values ('delete', old.id, old.title); end;
-- #endregion

-- #region: external-content index changed (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create table posts(id integer primary key, title text, body text);
create virtual table px using fts5(title, content='posts', content_rowid='id');
create trigger posts_ai after insert on posts begin insert into px(rowid, title) values (new.id, new.title); end;
create trigger posts_ad after delete on posts begin insert into px(px, rowid, title) values ('delete', old.id, old.title); end;
-- rows:
insert into posts values (1, 'alpha one', 'x'), (5, 'beta two', 'alpha y'), (8, 'gamma', null);
insert into px(px) values ('rebuild');
-- desired:
create table posts(id integer primary key, title text, body text);
create virtual table px using fts5(title, body, content='posts', content_rowid='id');
create trigger posts_ai after insert on posts begin insert into px(rowid, title) values (new.id, new.title); end;
create trigger posts_ad after delete on posts begin insert into px(px, rowid, title) values ('delete', old.id, old.title); end;
-- #endregion

-- #region: external-content index changed (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create table posts(id integer primary key, title text, body text);
create virtual table px using fts5(title, content='posts', content_rowid='id');
create trigger posts_ai after insert on posts begin insert into px(rowid, title) values (new.id, new.title); end;
create trigger posts_ad after delete on posts begin insert into px(px, rowid, title) values ('delete', old.id, old.title); end;
-- rows:
insert into posts values (1, 'alpha one', 'x'), (5, 'beta two', 'alpha y'), (8, 'gamma', null);
insert into px(px) values ('rebuild');
-- desired:
create table posts(id integer primary key, title text, body text);
create virtual table px using fts5(title, body, content='posts', content_rowid='id');
create trigger posts_ai after insert on posts begin insert into px(rowid, title) values (new.id, new.title); end;
create trigger posts_ad after delete on posts begin insert into px(px, rowid, title) values ('delete', old.id, old.title); end;
-- #endregion

-- #region: content table rebuilt under an unchanged index
-- baseline:
create table posts(id integer primary key, title text, body text);
create virtual table px using fts5(title, content='posts', content_rowid='id');
create trigger posts_ai after insert on posts begin insert into px(rowid, title) values (new.id, new.title); end;
create trigger posts_ad after delete on posts begin insert into px(px, rowid, title) values ('delete', old.id, old.title); end;
-- rows:
insert into posts values (1, 'alpha one', 'x'), (5, 'beta two', 'alpha y'), (8, 'gamma', null);
insert into px(px) values ('rebuild');
-- desired:
create table posts(id integer primary key, title text not null default '', body text, check (length(title) < 100));
create virtual table px using fts5(title, content='posts', content_rowid='id');
create trigger posts_ai after insert on posts begin insert into px(rowid, title) values (new.id, new.title); end;
create trigger posts_ad after delete on posts begin insert into px(px, rowid, title) values ('delete', old.id, old.title); end;
-- #endregion

-- #region: content table rebuilt under an unchanged index (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create table posts(id integer primary key, title text, body text);
create virtual table px using fts5(title, content='posts', content_rowid='id');
create trigger posts_ai after insert on posts begin insert into px(rowid, title) values (new.id, new.title); end;
create trigger posts_ad after delete on posts begin insert into px(px, rowid, title) values ('delete', old.id, old.title); end;
-- rows:
insert into posts values (1, 'alpha one', 'x'), (5, 'beta two', 'alpha y'), (8, 'gamma', null);
insert into px(px) values ('rebuild');
-- desired:
create table posts(id integer primary key, title text not null default '', body text, check (length(title) < 100));
create virtual table px using fts5(title, content='posts', content_rowid='id');
create trigger posts_ai after insert on posts begin insert into px(rowid, title) values (new.id, new.title); end;
create trigger posts_ad after delete on posts begin insert into px(px, rowid, title) values ('delete', old.id, old.title); end;
-- #endregion

-- #region: content table rebuilt under an unchanged index (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create table posts(id integer primary key, title text, body text);
create virtual table px using fts5(title, content='posts', content_rowid='id');
create trigger posts_ai after insert on posts begin insert into px(rowid, title) values (new.id, new.title); end;
create trigger posts_ad after delete on posts begin insert into px(px, rowid, title) values ('delete', old.id, old.title); end;
-- rows:
insert into posts values (1, 'alpha one', 'x'), (5, 'beta two', 'alpha y'), (8, 'gamma', null);
insert into px(px) values ('rebuild');
-- desired:
create table posts(id integer primary key, title text not null default '', body text, check (length(title) < 100));
create virtual table px using fts5(title, content='posts', content_rowid='id');
create trigger posts_ai after insert on posts begin insert into px(rowid, title) values (new.id, new.title); end;
create trigger posts_ad after delete on posts begin insert into px(px, rowid, title) values ('delete', old.id, old.title); end;
-- #endregion

-- #region: content table gains a column in place
-- baseline:
create table posts(id integer primary key, title text, body text);
create virtual table px using fts5(title, content='posts', content_rowid='id');
create trigger posts_ai after insert on posts begin insert into px(rowid, title) values (new.id, new.title); end;
create trigger posts_ad after delete on posts begin insert into px(px, rowid, title) values ('delete', old.id, old.title); end;
-- rows:
insert into posts values (1, 'alpha one', 'x'), (5, 'beta two', 'alpha y'), (8, 'gamma', null);
insert into px(px) values ('rebuild');
-- desired:
create table posts(id integer primary key, title text, body text, extra int);
create virtual table px using fts5(title, content='posts', content_rowid='id');
create trigger posts_ai after insert on posts begin insert into px(rowid, title) values (new.id, new.title); end;
create trigger posts_ad after delete on posts begin insert into px(px, rowid, title) values ('delete', old.id, old.title); end;
-- #endregion

-- #region: content table gains a column in place (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create table posts(id integer primary key, title text, body text);
create virtual table px using fts5(title, content='posts', content_rowid='id');
create trigger posts_ai after insert on posts begin insert into px(rowid, title) values (new.id, new.title); end;
create trigger posts_ad after delete on posts begin insert into px(px, rowid, title) values ('delete', old.id, old.title); end;
-- rows:
insert into posts values (1, 'alpha one', 'x'), (5, 'beta two', 'alpha y'), (8, 'gamma', null);
insert into px(px) values ('rebuild');
-- desired:
create table posts(id integer primary key, title text, body text, extra int);
create virtual table px using fts5(title, content='posts', content_rowid='id');
create trigger posts_ai after insert on posts begin insert into px(rowid, title) values (new.id, new.title); end;
create trigger posts_ad after delete on posts begin insert into px(px, rowid, title) values ('delete', old.id, old.title); end;
-- #endregion

-- #region: content table gains a column in place (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create table posts(id integer primary key, title text, body text);
create virtual table px using fts5(title, content='posts', content_rowid='id');
create trigger posts_ai after insert on posts begin insert into px(rowid, title) values (new.id, new.title); end;
create trigger posts_ad after delete on posts begin insert into px(px, rowid, title) values ('delete', old.id, old.title); end;
-- rows:
insert into posts values (1, 'alpha one', 'x'), (5, 'beta two', 'alpha y'), (8, 'gamma', null);
insert into px(px) values ('rebuild');
-- desired:
create table posts(id integer primary key, title text, body text, extra int);
create virtual table px using fts5(title, content='posts', content_rowid='id');
create trigger posts_ai after insert on posts begin insert into px(rowid, title) values (new.id, new.title); end;
create trigger posts_ad after delete on posts begin insert into px(px, rowid, title) values ('delete', old.id, old.title); end;
-- #endregion
