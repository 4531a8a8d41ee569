#!/usr/bin/env python3
"""Drives scripts/bench-follow.sh: appends Postfix lines to a followed log and watches how fast
bouncewatch ingests them while a console is open on the same database.

Usage: follow_driver.py --db DB --log FILE --source SRC --rates "2000 20000" --seconds 15
                        --burst 300000 --tail-log FILE2 --tmux SOCKET --console TARGET

Phases, all on the same lines of SRC (taken in order, never twice):
  * sustained: for each rate, append rate/10 lines every 100 ms for --seconds; report how far
    ingestion lagged (lines, and seconds since the newest ingested line was written) and how long
    it took to catch up after the writer stopped;
  * burst: append --burst lines at once; time until all are ingested (sustained lines/s);
  * reference: `tail -F -n 0 FILE2 > out` on the same burst appended to FILE2; time until out has
    every byte.
Ingested = the follower's committed cursor (`sources.line`), read with sqlite3 every 50 ms. The
console pane is captured every 500 ms to show whether it kept refreshing.
"""
import argparse
import bisect
import hashlib
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import time


class Run:
    def __init__(self, a):
        self.a = a
        with open(a.source, "rb") as f:
            self.lines = f.readlines()
        self.next = 0
        self.written = 0
        self.out = open(a.log, "ab", buffering=0)
        self.db = sqlite3.connect(f"file:{a.db}?mode=ro", uri=True, timeout=10)
        self.screens = []   # (time, digest, queue total shown)

    def take(self, n):
        chunk = self.lines[self.next:self.next + n]
        if len(chunk) < n:
            sys.exit(f"follow_driver: source has only {len(self.lines)} lines; generate more")
        self.next += n
        return b"".join(chunk)

    def append(self, n):
        self.out.write(self.take(n))
        self.written += n

    def ingested(self):
        try:
            row = self.db.execute("SELECT coalesce(sum(line), 0) FROM sources").fetchone()
            return row[0]
        except sqlite3.OperationalError:
            return 0   # the follower has not created its tables yet

    def capture(self):
        if not self.a.tmux:
            return
        text = subprocess.run(["tmux", "-L", self.a.tmux, "-f", "/dev/null", "capture-pane", "-p", "-t",
                               self.a.console], capture_output=True, text=True).stdout
        m = re.search(r"Retry queue[^0-9]*([0-9][0-9,]*)", text)
        self.screens.append((time.monotonic(), hashlib.sha1(text.encode()).hexdigest(), m.group(1) if m else "?"))

    def wait_caught_up(self, timeout):
        t0 = time.monotonic()
        last_cap = 0.0
        while self.ingested() < self.written:
            if time.monotonic() - t0 > timeout:
                return None
            if time.monotonic() - last_cap > 0.5:
                self.capture(); last_cap = time.monotonic()
            time.sleep(0.05)
        return time.monotonic() - t0

    def sustained(self, rate, seconds):
        start_written = self.written
        history_t, history_w = [], []     # when the writer had written how many lines
        lags_lines, lags_s = [], []
        t0 = time.monotonic()
        tick = 0
        last_cap = 0.0
        per_tick = max(1, rate // 10)
        while True:
            now = time.monotonic()
            if now - t0 >= seconds:
                break
            if now >= t0 + tick * 0.1:
                self.append(per_tick)
                history_t.append(time.monotonic()); history_w.append(self.written)
                tick += 1
            got = self.ingested()
            lags_lines.append(self.written - got)
            # Seconds since the writer first had `got` lines written: the age of the newest ingested line.
            i = bisect.bisect_left(history_w, got + 1)
            lags_s.append(time.monotonic() - history_t[i] if i < len(history_t) else 0.0)
            if now - last_cap > 0.5:
                self.capture(); last_cap = now
            time.sleep(0.05)
        wrote_for = time.monotonic() - t0
        at_stop = self.ingested()
        catch = self.wait_caught_up(120)
        n = self.written - start_written
        s_lines = sorted(lags_lines); s_s = sorted(lags_s)
        p95 = lambda s: s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]
        print(f"  rate {rate:>7,} lines/s for {seconds} s: wrote {n:,} lines ({n / wrote_for:,.0f}/s); "
              f"lag median {statistics.median(s_lines):,.0f} lines / {statistics.median(s_s):.2f} s, "
              f"p95 {p95(s_lines):,.0f} lines / {p95(s_s):.2f} s, max {s_lines[-1]:,} lines / {s_s[-1]:.2f} s; "
              + (f"caught up {catch:.2f} s after the last write" if catch is not None else
                 f"NOT caught up 120 s after the last write ({self.written - self.ingested():,} behind)")
              + f" (behind by {self.written - at_stop:,} when the writer stopped)")

    def burst(self, n):
        before = self.ingested()
        assert before == self.written, "burst must start caught up"
        t0 = time.monotonic()
        self.append(n)
        took = self.wait_caught_up(600)
        if took is None:
            print(f"  burst of {n:,} lines: NOT ingested within 600 s"); return None
        print(f"  burst of {n:,} lines: all ingested after {took:.2f} s = {n / took:,.0f} lines/s")
        return n / took

    def tail_reference(self, n):
        chunk = self.take(n)
        out_path = self.a.tail_log + ".out"
        open(self.a.tail_log, "wb").close()
        with open(out_path, "wb") as out:
            # -s 0.05: poll like a busy follower (GNU tail uses inotify when it can anyway).
            p = subprocess.Popen(["tail", "-F", "-n", "0", "-s", "0.05", self.a.tail_log], stdout=out,
                                 stderr=subprocess.DEVNULL)
            time.sleep(0.5)   # tail is watching
            t0 = time.monotonic()
            with open(self.a.tail_log, "ab", buffering=0) as f:
                f.write(chunk)
            while os.path.getsize(out_path) < len(chunk):
                if time.monotonic() - t0 > 120:
                    break
                time.sleep(0.005)
            took = time.monotonic() - t0
            p.terminate(); p.wait()
        print(f"  tail -F -n 0 (reference), same {n:,} lines appended at once: all out after {took:.3f} s = {n / took:,.0f} lines/s")
        return n / took


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True); ap.add_argument("--log", required=True)
    ap.add_argument("--source", required=True); ap.add_argument("--tail-log", required=True)
    ap.add_argument("--rates", default="2000 20000"); ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--burst", type=int, default=300000)
    ap.add_argument("--tmux", default=""); ap.add_argument("--console", default="")
    a = ap.parse_args()
    r = Run(a)
    # Prime: the follower has seen the file and committed its cursor.
    r.append(100)
    if r.wait_caught_up(60) is None:
        sys.exit("follow_driver: the follower did not ingest the first 100 lines within 60 s")
    r.capture()
    t_start = time.monotonic()
    print("sustained appends:")
    for rate in [int(x) for x in a.rates.split()]:
        r.sustained(rate, a.seconds)
    print("burst:")
    bw = r.burst(a.burst)
    r.capture()
    elapsed = time.monotonic() - t_start
    ref = r.tail_reference(a.burst)
    if bw:
        print(f"  bouncewatch ingests at {bw / ref:.3f}x the rate tail -F passes lines through "
              f"({ref / bw:.0f}x slower: tail only copies bytes)")
    if a.tmux:
        distinct = len({d for _, d, _ in r.screens})
        totals = [q for _, _, q in r.screens]
        changes = sum(1 for i in range(1, len(r.screens)) if r.screens[i][1] != r.screens[i - 1][1])
        print(f"console: {len(r.screens)} captures over {elapsed:.0f} s, {distinct} distinct screens, "
              f"{changes} changes between consecutive captures; retry-queue total shown went "
              f"{totals[0]} → {totals[-1]}")
    print(f"ingested in total: {r.ingested():,} of {r.written:,} lines written")


if __name__ == "__main__":
    main()
