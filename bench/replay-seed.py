#!/usr/bin/python3
# Posts N copies of a sample webhook to a Hookscope listener, over a few keep-alive connections,
# to give bench/replay.sh deliveries to replay. Usage: replay-seed.py URL N SAMPLE_FILE
import http.client
import sys
import threading
import urllib.parse

url, total, sample = sys.argv[1], int(sys.argv[2]), open(sys.argv[3], 'rb').read()
parts = urllib.parse.urlsplit(url)
workers = 8
failures = []


def post(count, worker):
    conn = http.client.HTTPConnection(parts.hostname, parts.port)
    for i in range(count):
        conn.request('POST', '/hooks/bench?n=%d-%d' % (worker, i), body=sample,
                     headers={'Content-Type': 'application/json', 'x-api-key': 'bench'})
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            failures.append(response.status)
    conn.close()


threads = [threading.Thread(target=post, args=(total // workers + (w < total % workers), w))
           for w in range(workers)]
for t in threads:
    t.start()
for t in threads:
    t.join()
if failures:
    sys.exit('%d posts failed (%s)' % (len(failures), failures[0]))
