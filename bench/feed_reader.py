#!/usr/bin/env python3
"""Follows the event feed of the server at URL from `after=now` for SECONDS, as a client would
(limit 1000, long-polling), and prints how many events it read and how far behind it ended."""
import json, sys, time, urllib.request

url, seconds = sys.argv[1], float(sys.argv[2])
cursor = json.load(urllib.request.urlopen(url + "/api/v1/events?after=now"))["nextCursor"]
if len(sys.argv) > 3:
    open(sys.argv[3], "w").close()  # tells feed.sh the reader has its place: the writer may start
read, started = 0, time.time()
while time.time() - started < seconds:
    page = json.load(urllib.request.urlopen(f"{url}/api/v1/events?limit=1000&wait=1&after={cursor}"))
    read += len(page["items"])
    cursor = page["nextCursor"]
# Drain what the writer left behind, to see how far behind the reader was.
drain_started = time.time()
while True:
    page = json.load(urllib.request.urlopen(f"{url}/api/v1/events?limit=1000&wait=2&after={cursor}"))
    if not page["items"]:
        break
    read += len(page["items"])
    cursor = page["nextCursor"]
print(f"FEED read={read} per_s={read / seconds:.0f} drain_s={time.time() - drain_started - 2:.2f}")
