"""What the benchmark modules share: how samples are summarised, and the chat adapters' workload
(the same questions, crowd and goal for Discord and Slack, so their tables compare)."""

from __future__ import annotations

GOAL_MS = 50.0  # p99 of one chat round trip
QUERIES = [
    "ITPP",
    "why was nato's tokyo office blocked",
    "how many tomahawks is japan buying",
    "houthi attacks red sea",
    "ukraine japan bilateral security accord",
]
ROUND_TRIPS = 300
CROWD = 200
SPREAD_SECONDS = 2.0
BURST = 1000  # members clicking one question in the same instant
ACK_DEADLINE_S = 3.0  # Discord and Slack drop an interaction not acknowledged within 3 s


def percentile(samples: list[float], share: float) -> float:
    """Nearest rank: `share` 0.99 is the p99."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def verdict(p99_ms: float) -> str:
    status = "met" if p99_ms < GOAL_MS else "NOT met"
    return f"goal p99 < {GOAL_MS:.0f} ms: {status} ({p99_ms:.1f} ms)"


def burst_verdict(acks_ms: list[float], recorded: int, distinct: int) -> str:
    """Whether a burst met both goals: every click acknowledged in time, every answer once."""
    late = sum(ms > ACK_DEADLINE_S * 1000 for ms in acks_ms)
    return (
        f"{len(acks_ms) - late}/{len(acks_ms)} acknowledged within {ACK_DEADLINE_S:.0f} s; "
        f"{recorded} answers recorded ({distinct} distinct members)"
    )
