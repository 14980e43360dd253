#!/usr/bin/env python3
"""Creates the wallets listed in FILE (one id per line) on the server at URL, over a few kept-alive
connections (one curl per wallet took minutes on a 2-core machine), and prints how many got a 201."""
import http.client, sys, threading, urllib.parse

url, path = sys.argv[1], sys.argv[2]
ids = [line.strip() for line in open(path) if line.strip()]
target = urllib.parse.urlsplit(url)
created = [0]
lock = threading.Lock()

def create(part):
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
    done = 0
    for wallet_id in part:
        for attempt in range(3):  # a dropped keep-alive connection: open another and send again
            try:
                connection.request("POST", "/api/v1/wallets", body='{"walletId":"%s"}' % wallet_id,
                                   headers={"Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                done += response.status == 201
                break
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
    with lock:
        created[0] += done

threads = [threading.Thread(target=create, args=(ids[i::8],)) for i in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(created[0])
