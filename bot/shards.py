"""Which Discord shards this process runs: STUDYBOT_SHARD_COUNT and STUDYBOT_SHARD_IDS.

Unset, one process runs every shard Discord recommends. Several processes on one database each
name the same count and their own ids ("0-3" here, "4-7" there); due work is claimed in the
store, so it does not matter which of them is connected to the server a job is for.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Shards:
    count: int
    ids: tuple[int, ...]

    @property
    def label(self) -> str:
        """A name for this process among the others: "shards-0-3", "shards-0-1,4"."""
        return "shards-" + ",".join(_runs(self.ids))


def parse_shards(count: str, ids: str) -> Shards | None:
    """The process's shards, or None to let Discord recommend a count; ValueError names the
    setting and what is wrong with it."""
    count, ids = count.strip(), ids.strip()
    if not count:
        if ids:
            raise ValueError(
                "STUDYBOT_SHARD_IDS needs STUDYBOT_SHARD_COUNT, the total over all processes"
            )
        return None
    if not count.isdigit() or int(count) < 1:
        raise ValueError(
            f"STUDYBOT_SHARD_COUNT must be a whole number of at least 1, not {count!r}"
        )
    total = int(count)
    chosen = _ids(ids, total) if ids else tuple(range(total))
    return Shards(total, chosen)


def _ids(text: str, total: int) -> tuple[int, ...]:
    chosen: list[int] = []
    for part in text.split(","):
        first, dash, last = part.strip().partition("-")
        if not first.isdigit() or (dash and not last.isdigit()):
            raise ValueError(
                f"STUDYBOT_SHARD_IDS must be ids and ranges such as 0-3 or 0,2,5, not {text!r}"
            )
        low, high = int(first), int(last) if dash else int(first)
        if low > high:
            raise ValueError(f"STUDYBOT_SHARD_IDS: the range {part.strip()} runs backwards")
        if high >= total:
            raise ValueError(
                f"STUDYBOT_SHARD_IDS: shard {high} does not exist with STUDYBOT_SHARD_COUNT={total} "
                f"(ids run from 0 to {total - 1})"
            )
        chosen.extend(range(low, high + 1))
    if len(set(chosen)) != len(chosen):
        raise ValueError(f"STUDYBOT_SHARD_IDS names a shard twice: {text!r}")
    return tuple(sorted(chosen))


def _runs(ids: tuple[int, ...]) -> list[str]:
    """Consecutive ids as ranges: (0, 1, 2, 5) -> ["0-2", "5"]."""
    runs: list[list[int]] = []
    for shard in ids:
        if runs and shard == runs[-1][-1] + 1:
            runs[-1].append(shard)
        else:
            runs.append([shard])
    return [f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs]
