-- The demo's desired schema. Against baseline.sql it needs:
--   * authors: a new trailing column            -> ALTER TABLE ADD COLUMN
--   * posts: a changed CHECK constraint         -> table rebuild (rows and rowids kept,
--                                                  AUTOINCREMENT counter kept)
--   * a new index, and a new view
create table authors (
	id integer primary key,
	name text not null,
	email text
);

create table posts (
	id integer primary key autoincrement,
	author_id integer not null references authors (id) on delete cascade,
	title text not null,
	status text not null default 'draft' check (status in ('draft', 'published', 'archived'))
);

create index posts_author on posts (author_id);
create index posts_status on posts (status);

create view published_posts as
	select p.id, p.title, a.name as author
	from posts p join authors a on a.id = p.author_id
	where p.status = 'published';
