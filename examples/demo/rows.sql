-- Rows for the demo database: they must survive every sync.
insert into authors (id, name) values (1, 'Ada'), (2, 'Brian'), (3, 'Grace');
insert into posts (author_id, title, status) values
	(1, 'Notes on the analytical engine', 'published'),
	(1, 'Bernoulli numbers; a worked example', 'draft'),
	(2, 'Hello, world', 'published'),
	(3, 'Debugging, literally', 'published'),
	(3, 'On compilers', 'draft');
