-- The demo's starting schema: a tiny blog. ci/campaign creates demo.db from this file
-- (with `schemasync sync`), fills it with rows.sql, then syncs it to desired.sql.
create table authors (
	id integer primary key,
	name text not null
);

create table posts (
	id integer primary key autoincrement,
	author_id integer not null references authors (id) on delete cascade,
	title text not null,
	status text not null default 'draft' check (status in ('draft', 'published'))
);

create index posts_author on posts (author_id);
