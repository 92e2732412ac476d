"""gunicorn settings read from the working directory (`gunicorn gongkai.wsgi`).

The access log records the path without the query string (%(U)s, not %(r)s):
staff search the queue by applicant name (GET ?q=王秀英, so that a search can be
bookmarked and repeated), and a name is personal data that must not sit in a
log readable by operators. The reverse proxy's log needs the same rule
(nginx: log $uri, not $request) — see README "Production settings".
"""

access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s"'
