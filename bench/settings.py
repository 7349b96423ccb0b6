"""Settings of the server under benchmark: production's, on one machine, over plain HTTP.

bench/run.py provides what production reads from the environment (database, Redis,
secret key, hosts). Only what plain HTTP to 127.0.0.1 needs differs from production,
plus the bare view the pages are compared with.
"""

from learninglab.settings.production import *  # noqa: F403
from learninglab.settings.production import LOGGING, env

ROOT_URLCONF = "bench.urls"

# No TLS in front of the local server: no redirect to HTTPS, no HSTS, and cookies a
# plain-HTTP client may send back. Secure flags cost nothing to serve.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"

# collectstatic writes the hashed files and their manifest here, away from a deploy's.
STATIC_ROOT = env.path("STATIC_ROOT")

# A log line per request would measure the terminal.
LOGGING = {**LOGGING, "root": {**LOGGING["root"], "level": "WARNING"}}
