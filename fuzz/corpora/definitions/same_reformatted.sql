create table "users"(id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE,
  /* c */   age INT CHECK (age >= 0));
  /* c */ create table posts(id INTEGER PRIMARY KEY AUTOINCREMENT,
  /* c */   user_id INT REFERENCES "users"(id) ON DELETE CASCADE, title TEXT DEFAULT 'untitled',
  /* c */   body TEXT COLLATE NOCASE);
  /* c */ create table tags(name TEXT PRIMARY KEY, n INT NOT NULL DEFAULT 0) WITHOUT ROWID;
  /* c */ create INDEX posts_user ON posts(user_id);
  /* c */ create UNIQUE INDEX users_lower ON "users"(lower(name)) WHERE age > 0;
  /* c */ create VIEW user_posts AS SELECT u.name, p.title FROM "users" u JOIN posts p ON p.user_id = u.id;
  /* c */ create TRIGGER users_touch AFTER UPDATE OF name ON "users" BEGIN
  /* c */   UPDATE posts SET body = body WHERE user_id = new.id;
  /* c */ END;
  /* c */ 