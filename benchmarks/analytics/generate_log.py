"""Synthetic interaction logs with a planted truth, for the journey-analytics benchmark.

Journeys are walks of a known Markov chain. The first touch is a channel drawn by popularity
(Zipf-like, shuffled); after a touch at channel c the customer converts with the planted
probability q_c (log-uniform between 0.5% and 8%; the converting event is that touch), else goes
on with probability 0.75 to a next channel drawn by popularity, else leaves. Paths are capped at
40 touches (reached with probability about 1e-5).

The planted truth of a channel is its removal effect in the generating chain, computed exactly
from the true transition matrix (the drop in P(conversion) when traffic into c is sent to null),
shared out over the expected conversions; the benchmark checks how well each model's ranking of
channels recovers the planted ranking (Spearman's rho, top-k overlap).

Output (into benchmarks/out/, which git ignores): NAME.parquet with columns customer, ts,
channel, converted, value, segment; NAME.truth.json with the channels' planted numbers.

    python benchmarks/analytics/generate_log.py --journeys 1000000 --channels 100 --name j1m_c100
    python benchmarks/analytics/generate_log.py --events 10000000 --channels 50 --name e10m_c50
"""

from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "out")
START_US = 1_704_067_200_000_000  # 2024-01-01 UTC
DAY_US = 86_400_000_000


CONTINUE = 0.75
MAX_LENGTH = 40


def planted_removal_effects(popularity: np.ndarray, q: np.ndarray) -> tuple[float, np.ndarray]:
    """P(conversion) of the true chain and each channel's exact removal effect."""
    n = popularity.shape[0]
    transient = np.zeros((n + 1, n + 1))  # state 0 is the start
    transient[0, 1:] = popularity
    transient[1:, 1:] = ((1 - q) * CONTINUE)[:, None] * popularity[None, :]
    reward = np.concatenate([[0.0], q])

    def probability(removed: int | None) -> float:
        keep = [i for i in range(n + 1) if i != removed]
        sub = np.eye(len(keep)) - transient[np.ix_(keep, keep)]
        return float(np.linalg.solve(sub, reward[keep])[0])

    base = probability(None)
    return base, np.array([1 - probability(c + 1) / base for c in range(n)])


def generate(journeys: int, channels: int, seed: int) -> tuple[pa.Table, dict[str, object]]:
    rng = np.random.default_rng(seed)
    popularity = 1.0 / np.arange(1, channels + 1) ** 0.6
    rng.shuffle(popularity)
    popularity /= popularity.sum()
    q = np.exp(rng.uniform(np.log(0.005), np.log(0.08), size=channels))
    # walk all journeys one step at a time
    steps_channel = []
    steps_journey = []
    steps_converted = []
    active = np.arange(journeys, dtype=np.int64)
    for _ in range(MAX_LENGTH):
        if active.size == 0:
            break
        channel = rng.choice(channels, size=active.size, p=popularity)
        u = rng.random(active.size)
        converted = u < q[channel]
        goes_on = (~converted) & (u < q[channel] + (1 - q[channel]) * CONTINUE)
        steps_channel.append(channel)
        steps_journey.append(active)
        steps_converted.append(converted)
        active = active[goes_on]
    journey_of = np.concatenate(steps_journey)
    order = np.argsort(journey_of, kind="stable")  # steps of a journey stay in order
    journey_of = journey_of[order]
    channel = np.concatenate(steps_channel)[order]
    converted = np.concatenate(steps_converted)[order]
    n_events = int(journey_of.shape[0])
    lengths = np.bincount(journey_of, minlength=journeys)
    base, effects = planted_removal_effects(popularity, q)
    expected_conversions = base * journeys
    truth = effects / effects.sum() * expected_conversions
    # timestamps: a start in 2024, then exponential gaps of mean one day
    start = START_US + rng.integers(0, 330 * DAY_US, size=journeys)
    gaps = rng.exponential(DAY_US, size=n_events).astype(np.int64) + 1_000_000
    first = np.zeros(journeys + 1, dtype=np.int64)
    np.cumsum(lengths, out=first[1:])
    gaps[first[:-1]] = 0
    cum = np.cumsum(gaps)
    ts = start[journey_of] + cum - np.repeat(cum[first[:-1]], lengths)
    value = np.where(converted, np.round(rng.lognormal(4.0, 0.6, size=n_events), 2), np.nan)
    names = np.array([f"ch{i:03d}" for i in range(channels)])
    segments = np.array(["new", "returning", "b2b"])
    segment_of_journey = rng.choice(3, size=journeys, p=[0.5, 0.35, 0.15])
    table = pa.table(
        {
            "customer": pa.array(journey_of, pa.int64()),
            "ts": pa.array(ts, pa.timestamp("us", tz="UTC")),
            "channel": pa.array(names[channel]),
            "converted": pa.array(converted),
            "value": pa.array(value),
            "segment": pa.array(segments[segment_of_journey[journey_of]]),
        }
    )
    ranked = np.argsort(-truth, kind="stable")
    meta: dict[str, object] = {
        "journeys": journeys,
        "events": n_events,
        "channels": channels,
        "seed": seed,
        "continue_probability": CONTINUE,
        "conversion_probability": base,
        "conversions": int(converted.sum()),
        "planted": [
            {
                "channel": str(names[i]),
                "conversion_probability": float(q[i]),
                "popularity": float(popularity[i]),
                "removal_effect": float(effects[i]),
                "incremental_conversions": float(truth[i]),
                "rank": r + 1,
            }
            for r, i in enumerate(ranked)
        ],
    }
    return table, meta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--journeys", type=int, default=None)
    parser.add_argument("--events", type=int, default=None, help="generate about this many events instead")
    parser.add_argument("--channels", type=int, required=True)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--name", required=True)
    parser.add_argument("--csv", action="store_true", help="also write NAME.csv")
    args = parser.parse_args()
    mean_length = 1 / (1 - CONTINUE * 0.97)  # about 3.7 touches a journey
    journeys = args.journeys or int(round((args.events or 1_000_000) / mean_length))
    started = time.perf_counter()
    table, meta = generate(journeys, args.channels, args.seed)
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, f"{args.name}.parquet")
    pq.write_table(table, path, row_group_size=1_000_000)
    if args.csv:
        import pyarrow.csv as pacsv

        pacsv.write_csv(table, os.path.join(OUT, f"{args.name}.csv"))
    with open(os.path.join(OUT, f"{args.name}.truth.json"), "w") as handle:
        json.dump(meta, handle, indent=1)
    print(
        f"{path}: {meta['events']} events, {journeys} journeys, {args.channels} channels, "
        f"{meta['conversions']} conversions in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
