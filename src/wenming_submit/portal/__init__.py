"""`wenming serve`: the portal where each unit hands in its own materials and sees its own problems.

store.py (one SQLite database inside the project: accounts, sessions, uploads, reviews, the append-only
audit log), auth.py (passwords, signed session cookies, CSRF, login rate limits), receiving.py
(multipart streamed into a staging folder), uploads.py (staged files sniffed and size-checked, then
linked into evidence/ under a new name, never overwriting; withdrawals move out to the withdrawn area;
captions appended to 图片说明.txt), service.py (the check kept fresh for everyone, one run at a time),
accounts.py (`wenming accounts`), app.py (the Starlette app) with web.py (what every route shares:
session and CSRF guard, security headers), unit_routes.py and coordinator_routes.py (the routes and
pages, by audience).
"""

STATE_DIR = ".wenming"
"""Inside the project (not under output/, which users delete): the database and the upload staging folder."""
WITHDRAWN_DIR = "已撤回"
"""Inside the project, beside evidence/: where withdrawn files are moved (never deleted)."""
