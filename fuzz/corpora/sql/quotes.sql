create table "a""b"([c d] int, `e``f` text default 'it''s', "g" blob default x'00ff');
create index [i] on "a""b"([c d] collate nocase desc);
