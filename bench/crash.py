#!/usr/bin/python3
# The helper of bench/crash.sh.
#   crash.py load URL ACKED SAMPLE   posts until killed (8 connections): fresh event and
#                                    invitation ids each time, every third body padded to
#                                    16 KiB (the WAL grows past the checkpoint thresholds);
#                                    appends "ID SHA256" to ACKED for every 2xx, flushed at
#                                    once: what the sender was told is on disk.
#   crash.py check DB ACKED          every acknowledged delivery is there with its bytes, and
#                                    PRAGMA integrity_check says ok; prints counts and where
#                                    the projections and the WAL were at the kill.
import hashlib
import http.client
import json
import os
import sqlite3
import sys
import threading
import urllib.parse
import uuid


def load(url, acked_path, sample_path):
    parts = urllib.parse.urlsplit(url)
    sample = json.load(open(sample_path))
    lock = threading.Lock()
    acked = open(acked_path, 'a')

    def worker(n):
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        i = 0
        while True:
            i += 1
            doc = json.loads(json.dumps(sample))
            data = doc.get('data', doc)
            if isinstance(data, dict):
                data['id'] = str(uuid.uuid4())
                if isinstance(data.get('event'), dict):
                    data['event']['id'] = str(uuid.uuid4())
            if i % 3 == 0:
                doc['pad'] = 'x' * 16000
            body = json.dumps(doc).encode()
            try:
                conn.request('POST', '/hooks/crash', body=body,
                             headers={'Content-Type': 'application/json'})
                response = conn.getresponse()
                reply = response.read()
            except (OSError, http.client.HTTPException):
                return  # the server was killed
            if response.status == 200:
                line = '%d %s\n' % (json.loads(reply)['id'], hashlib.sha256(body).hexdigest())
                with lock:
                    acked.write(line)
                    acked.flush()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def check(db_path, acked_path):
    wal = db_path + '-wal'
    wal_size = os.path.getsize(wal) if os.path.exists(wal) else 0
    acked = {}
    for line in open(acked_path):
        ident, digest = line.split()
        acked[int(ident)] = digest
    db = sqlite3.connect(db_path)
    (integrity,) = db.execute('PRAGMA integrity_check').fetchone()
    stored = db.execute('SELECT count(*), max(id) FROM deliveries').fetchone()
    cursors = dict(db.execute('SELECT name, cursor FROM projections'))
    missing = wrong = 0
    for ident, digest in acked.items():
        row = db.execute('SELECT body FROM deliveries WHERE id = ?', (ident,)).fetchone()
        if row is None:
            missing += 1
        elif hashlib.sha256(row[0]).hexdigest() != digest:
            wrong += 1
    print('acked %d, stored %d (max id %s), missing %d, wrong bytes %d, integrity %s, '
          'projected %s, WAL %.1f MiB at the kill'
          % (len(acked), stored[0], stored[1], missing, wrong, integrity,
             ' '.join('%s=%s' % kv for kv in sorted(cursors.items())), wal_size / 2**20))
    return 0 if missing == 0 and wrong == 0 and integrity == 'ok' else 1


if __name__ == '__main__':
    if sys.argv[1] == 'load':
        load(*sys.argv[2:5])
    else:
        sys.exit(check(*sys.argv[2:4]))
