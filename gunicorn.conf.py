"""gunicorn settings for the tool in production: ``gunicorn -c gunicorn.conf.py lti_tool.wsgi:app``.

Why these choices:

- ``gthread`` workers: browsers open connections ahead of time and hold idle keep-alive
  connections. A sync worker serves one connection at a time, so a browser that connects and sends
  nothing blocks it until ``timeout``, when the arbiter kills it with SIGKILL (seen in a real Moodle
  run). A threaded worker waits for idle connections in a selector and gives a thread only to a
  request that has arrived, so idle connections cost nothing and never trip the timeout.
- ...but gunicorn 27 first lends each *new* connection a thread that waits up to 5 s for its
  first bytes before parking it in the selector. Eight idle pre-connects per worker (four threads)
  then held a real request for 10 s, and sixteen for 20 s (measured: tests/test_gunicorn_conf.py).
  Real clients send their request as soon as they connect, so each worker waits only
  ``DP_FIRST_BYTES_WAIT`` (0.1 s) before parking a silent connection.
- ``threads = 4``: requests spend most of their time waiting on the database or the LMS; four
  threads keep a core busy without piling up work. The database pool is sized to match
  (``DP_DB_POOL_SIZE``, default 5 connections per worker).
- ``keepalive = 15``: a learner clicks through assessment pages every few seconds; reusing the
  connection saves a TCP and TLS handshake each time, and idle ones are closed after 15 s.
- ``timeout = 60``: a worker that makes no progress for a minute is restarted; no request of the
  tool legitimately takes that long (the PDF of a plan takes well under a second).
- ``max_requests``: workers are replaced after ~2,000 requests (with jitter, so not all at once),
  which bounds any slow growth in memory.
- one malloc arena per worker (``_one_malloc_arena``): ~4 MB less RSS per worker.
"""

import os

bind = os.environ.get("DP_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("DP_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("DP_THREADS", "4"))
keepalive = 15
timeout = 60
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200

_FIRST_BYTES_WAIT = float(os.environ.get("DP_FIRST_BYTES_WAIT", "0.1"))


def post_fork(server, worker):
    """Park silent new connections after ``_FIRST_BYTES_WAIT`` instead of gunicorn's 5 s."""
    from gunicorn.workers import gthread

    gthread.DEFAULT_WORKER_DATA_TIMEOUT = _FIRST_BYTES_WAIT


def _one_malloc_arena() -> None:
    """glibc gives every thread that allocates its own malloc arena, each keeping freed memory;
    a worker's threads run Python under one lock anyway, so one arena costs no speed and keeps
    ~4 MB of RSS per worker. Set in the master, before it forks, so every worker inherits it
    (the same as ``MALLOC_ARENA_MAX=1``)."""
    import ctypes
    import ctypes.util

    libc = ctypes.util.find_library("c")
    mallopt = getattr(ctypes.CDLL(libc), "mallopt", None) if libc else None
    if mallopt is not None:  # glibc; other C libraries have no per-thread arenas to limit
        mallopt(-8, 1)  # M_ARENA_MAX


_one_malloc_arena()
