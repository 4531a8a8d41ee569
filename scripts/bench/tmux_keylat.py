#!/usr/bin/env python3
"""Key-to-screen latency of a program running in a tmux pane (a private tmux server, send-keys, capture-pane).

Usage: tmux_keylat.py SOCKET TARGET KEY SAMPLES

For each sample: wait until the pane is stable, send KEY with `tmux send-keys`, then poll
`tmux capture-pane -p -e` (with attributes, so a moved highlight counts) until the screen
differs; the time from just before send-keys to the first differing capture is one sample.
Prints one line: samples, median, p95, max, and the median cost of one capture (the poll's
resolution: both the program under test and the reference pay it alike).
"""
import statistics
import subprocess
import sys
import time


def main():
    sock, target, key, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    base = ["tmux", "-L", sock, "-f", "/dev/null"]

    def cap():
        return subprocess.run(base + ["capture-pane", "-p", "-e", "-t", target],
                              capture_output=True, check=True).stdout

    def stable(timeout=5.0):
        # Stable = the same screen over 150 ms (the console redraws only on change).
        end = time.monotonic() + timeout
        prev = cap()
        while time.monotonic() < end:
            time.sleep(0.15)
            cur = cap()
            if cur == prev:
                return cur
            prev = cur
        return prev

    costs = []
    for _ in range(20):
        t = time.monotonic()
        cap()
        costs.append(time.monotonic() - t)

    samples, timeouts = [], 0
    for _ in range(n):
        before = stable()
        t0 = time.monotonic()
        subprocess.run(base + ["send-keys", "-t", target, key], check=True)
        while True:
            if cap() != before:
                samples.append((time.monotonic() - t0) * 1000)
                break
            if time.monotonic() - t0 > 2.0:
                timeouts += 1
                break
    if not samples:
        print(f"key {key}: no screen change within 2 s ({timeouts} timeouts)")
        return 1
    s = sorted(samples)
    p95 = s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]
    print(f"key {key}: {len(s)} samples, median {statistics.median(s):.1f} ms, p95 {p95:.1f} ms, "
          f"max {s[-1]:.1f} ms, timeouts {timeouts} (one capture-pane: {statistics.median(costs) * 1000:.1f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
