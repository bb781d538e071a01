CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE,
  age INT CHECK (age >= 0));
CREATE TABLE posts(id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INT REFERENCES users(id) ON DELETE CASCADE, title TEXT DEFAULT 'untitled',
  body TEXT COLLATE NOCASE);
CREATE TABLE tags(name TEXT PRIMARY KEY, n INT NOT NULL DEFAULT 0) WITHOUT ROWID;
CREATE INDEX posts_user ON posts(user_id);
CREATE UNIQUE INDEX users_lower ON users(lower(name)) WHERE age > 0;
CREATE VIEW user_posts AS SELECT u.name, p.title FROM users u JOIN posts p ON p.user_id = u.id;
CREATE TRIGGER users_touch AFTER UPDATE OF name ON users BEGIN
  UPDATE posts SET body = body WHERE user_id = new.id;
END;
CREATE TABLE sqlfu_migrations(id 