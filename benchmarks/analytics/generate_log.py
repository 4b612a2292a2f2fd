"""Synthetic interaction logs with a planted truth, for the journey-analytics benchmark.

Each journey draws a number of touches (1 + geometric, mean ``--mean-length``) from channels of
Zipf-like popularity (shuffled, so popularity and effect are independent). Every distinct channel
the journey touched "convinces" the customer independently with its planted probability e_c
(log-uniform between 0.2% and 8%), on top of a base rate: a noisy-OR,
P(convert) = 1 - (1 - base) * prod over touched c of (1 - e_c). A converting journey ends on a
converting event at its last touch, with a log-normal value.

The planted truth of a channel is its incremental conversions: the expected conversions lost if
the channel had no effect, sum over journeys j touching c of P_j - P_j(without c)
= (1 - P_j) e_c / (1 - e_c). The benchmark checks how well each model's ranking recovers it.

Output (into benchmarks/out/, which git ignores): NAME.parquet with columns customer, ts,
channel, converted, value, segment; NAME.truth.json with the channels' effects and truth.

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


def generate(journeys: int, channels: int, mean_length: float, seed: int) -> tuple[pa.Table, dict[str, object]]:
    rng = np.random.default_rng(seed)
    popularity = 1.0 / np.arange(1, channels + 1) ** 0.6
    rng.shuffle(popularity)
    popularity /= popularity.sum()
    effect = np.exp(rng.uniform(np.log(0.002), np.log(0.08), size=channels))
    base = 0.01
    lengths = rng.geometric(1.0 / mean_length, size=journeys)
    lengths = np.minimum(lengths, 40)
    n_events = int(lengths.sum())
    journey_of = np.repeat(np.arange(journeys, dtype=np.int64), lengths)
    channel = rng.choice(channels, size=n_events, p=popularity).astype(np.int64)
    # P(convert) from the distinct channels of each journey
    distinct = np.unique(journey_of * channels + channel)
    d_journey, d_channel = distinct // channels, distinct % channels
    log_keep = np.bincount(d_journey, weights=np.log1p(-effect[d_channel]), minlength=journeys)
    p = 1.0 - (1.0 - base) * np.exp(log_keep)
    converted_journey = rng.random(journeys) < p
    truth = np.bincount(d_channel, weights=(1.0 - p[d_journey]) * effect[d_channel] / (1.0 - effect[d_channel]),
                        minlength=channels)
    # timestamps: a start in 2024, then exponential gaps of mean one day
    start = START_US + rng.integers(0, 330 * DAY_US, size=journeys)
    gaps = rng.exponential(DAY_US, size=n_events).astype(np.int64) + 1_000_000
    first = np.zeros(journeys + 1, dtype=np.int64)
    np.cumsum(lengths, out=first[1:])
    gaps[first[:-1]] = 0
    cum = np.cumsum(gaps)
    ts = start[journey_of] + cum - np.repeat(cum[first[:-1]], lengths)
    is_last = np.zeros(n_events, dtype=bool)
    is_last[first[1:] - 1] = True
    converted = is_last & converted_journey[journey_of]
    value = np.where(converted, np.round(rng.lognormal(4.0, 0.6, size=n_events), 2), np.nan)
    names = np.array([f"ch{i:03d}" for i in range(channels)])
    segments = np.array(["new", "returning", "b2b"])
    segment_of_journey = rng.choice(3, size=journeys, p=[0.5, 0.35, 0.15])
    table = pa.table({
        "customer": pa.array(journey_of, pa.int64()),
        "ts": pa.array(ts, pa.timestamp("us", tz="UTC")),
        "channel": pa.array(names[channel]),
        "converted": pa.array(converted),
        "value": pa.array(value),
        "segment": pa.array(segments[segment_of_journey[journey_of]]),
    })
    order = np.argsort(-truth, kind="stable")
    meta: dict[str, object] = {
        "journeys": journeys,
        "events": n_events,
        "channels": channels,
        "seed": seed,
        "base_rate": base,
        "conversions": int(converted_journey.sum()),
        "planted": [
            {"channel": str(names[i]), "effect": float(effect[i]), "popularity": float(popularity[i]),
             "incremental_conversions": float(truth[i]), "rank": r + 1}
            for r, i in enumerate(order)
        ],
    }
    return table, meta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--journeys", type=int, default=None)
    parser.add_argument("--events", type=int, default=None, help="generate about this many events instead")
    parser.add_argument("--channels", type=int, required=True)
    parser.add_argument("--mean-length", type=float, default=4.0)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--name", required=True)
    parser.add_argument("--csv", action="store_true", help="also write NAME.csv")
    args = parser.parse_args()
    journeys = args.journeys or int(round((args.events or 1_000_000) / args.mean_length))
    started = time.perf_counter()
    table, meta = generate(journeys, args.channels, args.mean_length, args.seed)
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, f"{args.name}.parquet")
    pq.write_table(table, path, row_group_size=1_000_000)
    if args.csv:
        import pyarrow.csv as pacsv

        pacsv.write_csv(table, os.path.join(OUT, f"{args.name}.csv"))
    with open(os.path.join(OUT, f"{args.name}.truth.json"), "w") as handle:
        json.dump(meta, handle, indent=1)
    print(f"{path}: {meta['events']} events, {journeys} journeys, {args.channels} channels, "
          f"{meta['conversions']} conversions in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
