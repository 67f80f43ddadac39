#!/usr/bin/python3
# The reference for bench/listener.sh: the simplest durable webhook catcher a developer would
# write with Python's standard library. ThreadingHTTPServer, one SQLite connection per thread
# (WAL, synchronous=NORMAL, like Hookscope's default), and each request committed before it is
# answered with its id, so a 2xx means "on disk" here too.
#
# Usage: python-reference.py DB_PATH [PORT]      (prints "Listening on URL" once ready)
import http.server
import json
import sqlite3
import sys
import threading

db_path = sys.argv[1]
port = int(sys.argv[2]) if len(sys.argv) > 2 else 0
local = threading.local()


def connection():
    db = getattr(local, "db", None)
    if db is None:
        db = sqlite3.connect(db_path, timeout=5)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        local.db = db
    return db


with sqlite3.connect(db_path) as setup:
    setup.execute("PRAGMA journal_mode = WAL")
    setup.execute(
        "CREATE TABLE IF NOT EXISTS deliveries (id INTEGER PRIMARY KEY, received_at REAL,"
        " method TEXT, path TEXT, headers TEXT, body BLOB)")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length)
        db = connection()
        cursor = db.execute(
            "INSERT INTO deliveries (received_at, method, path, headers, body)"
            " VALUES (julianday('now'), ?, ?, ?, ?)",
            (self.command, self.path, json.dumps(list(self.headers.items())), body))
        db.commit()
        reply = ('{"ok":true,"id":%d}' % cursor.lastrowid).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
print("Listening on http://127.0.0.1:%d/" % server.server_address[1], flush=True)
server.serve_forever()
