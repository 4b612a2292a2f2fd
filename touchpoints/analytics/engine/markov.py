"""Markov-chain attribution by the removal effect, computed exactly from the absorbing chain.

The chain (Anderl, Becker, von Wangenheim, Schumann 2016) has a start state, one transient state
per *history* of the last ``order`` channels, and two absorbing states, conversion and null.
Transition probabilities are the transition counts of the journeys divided by the state's
outflow; consecutive repeats of a channel are collapsed first (as in ChannelAttribution), so a
state never follows itself. A history shorter than ``order`` at the start of a path is its own
state (``(a)``, then ``(a, b)``, then ``(a, b, c)`` for order 3).

With ``Q`` the transient-to-transient probabilities, ``r`` the transient-to-conversion ones and
``g = (I - Q)^-1 r``, the probability of conversion is ``g[start]``. Removing channel ``c`` sends
all traffic into a state that contains ``c`` to null; the removal effect is
``RE_c = 1 - P(conversion without c) / P(conversion)``.

For order 1 every effect comes from one inversion, ``RE_c = N[s, c] g[c] / (N[c, c] g[s])``
with ``N = (I - Q)^-1``. Higher orders use the block form of the same formula while the chain is
small (up to 800 states, or 4,000 when dense), over the states whose newest channel is c. Larger
chains take one pass per channel over the states that do not contain it, solving for the
expected visits from the start (the transposed system, so conversions and value come from one
solve): back-substitution over the strongly connected components of the chain, and for each
component with cycles a linear solve (sparse LU up to 200 states; beyond, BiCGSTAB on the whole
component with the removed states masked out, to a relative residual of 1e-12, started from the
solution with nothing removed). Channels run on a thread per core when the largest cyclic
component is large (``THREADED_BLOCK``).
Conversions (and value, with the conversion reward replaced by the value) are then shared in
proportion to the removal effects.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.linalg
import scipy.sparse as sp
import scipy.sparse.csgraph as csgraph
import scipy.sparse.linalg as spla
from threadpoolctl import ThreadpoolController

from .attribution import Attribution
from .paths import FloatArray, IntArray, PathCounts, collapse_repeats, unique_inverse, weighted_bincount

DENSE_LIMIT = 4000  # states up to which one dense inversion may serve every channel (Woodbury)
DENSE_ALWAYS = 800  # ... and up to which it always does
TINY = 64  # states up to which BLAS threads are left alone
DENSE_FILL = 20  # transitions per state above which a chain counts as dense
DENSE_KEYS = 1 << 24  # state keys up to which states are numbered through a lookup table
DIRECT_LIMIT = 200  # states up to which a component is solved by sparse LU (beyond, BiCGSTAB is faster)
KRYLOV_RTOL = 1e-12
KRYLOV_MAXITER = 2000
THREADED_BLOCK = 20_000  # states of the largest cyclic component from which channels run on threads
WORKERS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@dataclass(frozen=True)
class AbsorbingChain:
    """Transient states 0 (start) .. S; ``history[i]`` holds state i's channels (-1 = none)."""

    history: IntArray  # (S + 1) x order, row 0 is the start state (all -1)
    counts: sp.csr_matrix  # transient -> transient transition counts
    to_conversion: FloatArray  # transient -> conversion counts
    value: FloatArray  # conversion value leaving each transient state
    outflow: FloatArray  # all transitions leaving each transient state

    @property
    def n_states(self) -> int:
        return int(self.outflow.shape[0])


@dataclass(frozen=True)
class MarkovResult:
    order: int
    conversion_probability: float
    removal_effects: FloatArray
    value_removal_effects: FloatArray
    n_states: int
    attribution: Attribution


@dataclass(frozen=True)
class ChainStructure:
    """The states and transitions the paths make, independent of how many journeys walk them,
    so that a bootstrap replicate (other counts, same paths) rebuilds the chain with one sparse
    product instead of renumbering the states."""

    history: IntArray  # (S + 1) x order, row 0 is the start state
    pair_src: IntArray  # distinct transient -> transient transitions
    pair_dst: IntArray
    incidence: sp.csr_matrix  # transitions x paths: how often each path makes each transition
    nonempty: npt.NDArray[np.bool_]
    last_state: IntArray  # state of the last touch of each non-empty path

    @property
    def n_states(self) -> int:
        return int(self.history.shape[0])

    def chain(self, journeys: np.ndarray, conversions: np.ndarray, value: np.ndarray) -> AbsorbingChain:
        n = self.n_states
        weight = self.incidence @ journeys.astype(np.float64)
        counts = sp.csr_matrix((weight, (self.pair_src, self.pair_dst)), shape=(n, n))
        counts.eliminate_zeros()
        return _with_ends(self.history, counts, self.last_state, self.nonempty, journeys, conversions, value)


@dataclass(frozen=True)
class _States:
    """Each path member's order-``order`` state (after collapsing repeats) and the state before it."""

    offsets: IntArray  # of the collapsed paths
    nonempty: npt.NDArray[np.bool_]
    state: IntArray  # per member, 1 .. S (0 is the start state)
    previous: IntArray  # per member, the state it is entered from (0 for a path's first member)
    history: IntArray  # (S + 1) x order, row 0 is the start state (all -1)

    @property
    def n_states(self) -> int:
        return int(self.history.shape[0])

    @property
    def last(self) -> IntArray:
        """The state of each non-empty path's last touch."""
        return self.state[self.offsets[1:][self.nonempty] - 1]


def _member_states(paths: PathCounts, order: int) -> _States:
    """Number the states of the path members (repeats collapsed) with one integer key per member."""
    if order < 1:
        raise ValueError("the order of a Markov chain is 1 or more")
    offsets, members = collapse_repeats(paths.offsets, paths.members)
    lengths = np.diff(offsets)
    nonempty = lengths > 0
    firsts = offsets[:-1][nonempty]
    if order == 1:  # a state per channel: no numbering needed
        state = members + 1
        history = np.arange(-1, paths.n_channels, dtype=np.int64)[:, None]
    else:
        base = paths.n_channels + 1
        if order * np.log2(max(base, 2)) < 62:  # the history as one base-(channels + 1) number
            state, history = _number_histories(members, firsts, lengths[nonempty], base, order)
        else:  # too many channels for one integer key: number the rows of the history matrix
            position = np.arange(members.shape[0], dtype=np.int64) - np.repeat(offsets[:-1], lengths)
            rows = np.full((members.shape[0], order), -1, dtype=np.int64)
            for shift in range(order):
                idx = np.nonzero(position >= shift)[0]
                rows[idx, order - 1 - shift] = members[idx - shift]
            history, state = np.unique(rows, axis=0, return_inverse=True)
            state = state.astype(np.int64).ravel()
        state += 1
        history = np.vstack([np.full((1, order), -1, dtype=np.int64), history])
    previous = np.empty_like(state)
    previous[1:] = state[:-1]
    previous[firsts] = 0
    return _States(offsets, nonempty, state, previous, history)


def _history_keys(members: IntArray, firsts: IntArray, lengths: IntArray, base: int, order: int) -> IntArray:
    """Each member's history (the last ``order`` channels up to it in its path, the paths starting
    at ``firsts`` with ``lengths``) as one base-``base`` number of digits channel + 1, the newest
    digit last; a path shorter than ``order`` leaves leading zeros (0 is "no channel")."""
    dtype = np.int32 if base ** (order + 1) < 2**31 else np.int64  # half the memory traffic when it fits
    digits: IntArray = members.astype(dtype)  # int32 or int64: an integer array either way
    digits += 1
    key = digits.copy()
    older = np.empty_like(digits)
    for shift in range(1, order):
        older[:shift] = 0
        older[shift:] = digits[:-shift]
        for before in range(shift):  # members with fewer than `shift` predecessors in their path
            older[firsts[lengths > before] + before] = 0
        older *= base**shift
        key += older
    return key


def _decode_histories(keys: IntArray, base: int, order: int) -> IntArray:
    """The rows (oldest channel first, -1 for none) of history keys."""
    history = np.empty((keys.shape[0], order), dtype=np.int64)
    rest = keys.astype(np.int64)
    for column in range(order - 1, -1, -1):  # column order - 1 is the newest channel
        history[:, column] = rest % base - 1
        rest = rest // base
    return history


def _number_histories(
    members: IntArray, firsts: IntArray, lengths: IntArray, base: int, order: int
) -> tuple[IntArray, IntArray]:
    """Number the distinct histories of the members; returns (number per member, from 0;
    the distinct histories, oldest channel first, -1 where the path is shorter)."""
    key = _history_keys(members, firsts, lengths, base, order)
    if base**order <= DENSE_KEYS:  # relabel through a table: no sort at all
        present = np.zeros(base**order, dtype=bool)
        present[key] = True
        distinct = np.flatnonzero(present)
        label = np.cumsum(present, dtype=np.int64)
        label -= 1
        state = label[key]
    else:
        distinct, _, state = unique_inverse(key)
    return state, _decode_histories(distinct, base, order)


def _gram_chain(paths: PathCounts, order: int) -> AbsorbingChain:
    """Order 2 or more while (channels + 1)^(order + 1) is small: a transition is an
    (order + 1)-gram of channels (the state left, then the channel entered), so one histogram
    over the grams counts every transition, with no numbering of the members' states."""
    offsets, members = collapse_repeats(paths.offsets, paths.members)
    lengths = np.diff(offsets)
    nonempty = lengths > 0
    firsts = offsets[:-1][nonempty]
    base = paths.n_channels + 1
    key = _history_keys(members, firsts, lengths[nonempty], base, order)
    gram = np.empty(key.shape[0], dtype=np.int64)
    gram[1:] = key[:-1]
    gram[firsts] = 0  # a path's first touch is entered from the start state, whose key is 0
    gram *= base
    gram += members
    gram += 1
    weight = np.repeat(paths.journeys.astype(np.float64), lengths)
    totals = weighted_bincount(gram, weight, base ** (order + 1))
    grams = np.flatnonzero(totals)
    source, target = grams // base, grams % base**order
    distinct = np.unique(target)  # every state is entered at least once
    label = np.zeros(base**order, dtype=np.int64)
    label[distinct] = np.arange(1, distinct.shape[0] + 1)  # 0 stays the start state
    n = distinct.shape[0] + 1
    counts = sp.csr_matrix((totals[grams], (label[source], label[target])), shape=(n, n))
    history = np.vstack([np.full((1, order), -1, dtype=np.int64), _decode_histories(distinct, base, order)])
    return _with_ends(
        history, counts, label[key[offsets[1:][nonempty] - 1]], nonempty, paths.journeys, paths.conversions, paths.value
    )


def chain_structure(paths: PathCounts, order: int) -> ChainStructure:
    """Number the order-``order`` states of the distinct paths and list their transitions."""
    states = _member_states(paths, order)
    n_states = states.n_states
    lengths = np.diff(states.offsets)
    path = np.repeat(np.arange(lengths.shape[0], dtype=np.int64), lengths)
    key = states.previous * n_states + states.state
    if n_states * n_states <= DENSE_KEYS:  # number the pairs through a table: no sort
        present = np.zeros(n_states * n_states, dtype=bool)
        present[key] = True
        distinct = np.flatnonzero(present)
        pair = (np.cumsum(present) - 1)[key]
    else:
        distinct, _, pair = unique_inverse(key)
    incidence = sp.csr_matrix((np.ones(key.shape[0]), (pair, path)), shape=(distinct.shape[0], lengths.shape[0]))
    return ChainStructure(
        states.history, distinct // n_states, distinct % n_states, incidence, states.nonempty, states.last
    )


def build_chain(paths: PathCounts, order: int) -> AbsorbingChain:
    """Count the transitions of the order-``order`` chain from the distinct paths (one pass;
    ``chain_structure`` keeps the intermediate numbering for bootstrap replicates instead)."""
    if order < 1:
        raise ValueError("the order of a Markov chain is 1 or more")
    if order == 1:
        return _first_order_chain(paths)
    if (paths.n_channels + 1) ** (order + 1) <= DENSE_KEYS:
        return _gram_chain(paths, order)
    states = _member_states(paths, order)
    n = states.n_states
    lengths = np.diff(states.offsets)
    journeys = paths.journeys.astype(np.float64)
    weight = np.repeat(journeys, lengths)  # each member is entered once per journey of its path
    key = states.previous * n + states.state
    if n * n <= DENSE_KEYS:  # a histogram over all pairs, then straight to CSR (keys are row-major)
        totals = weighted_bincount(key, weight, n * n)
        pairs = np.flatnonzero(totals)
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(pairs // n, minlength=n), out=indptr[1:])
        counts = sp.csr_matrix((totals[pairs], pairs % n, indptr), shape=(n, n))
    else:
        counts = sp.coo_matrix((weight, (states.previous, states.state)), shape=(n, n)).tocsr()
        counts.sum_duplicates()
        counts.eliminate_zeros()
    return _with_ends(
        states.history, counts, states.last, states.nonempty, paths.journeys, paths.conversions, paths.value
    )


def _first_order_chain(paths: PathCounts) -> AbsorbingChain:
    """Order 1 in three passes over the members, without collapsing repeats: a repeat a > a is a
    self-transition, and dropping the diagonal afterwards gives the collapsed chain's counts."""
    n_channels = paths.n_channels
    n = n_channels + 1
    lengths = paths.lengths
    nonempty = lengths > 0
    members = paths.members
    journeys = paths.journeys.astype(np.float64)
    firsts = paths.offsets[:-1][nonempty]
    counts = np.zeros((n, n))
    if members.shape[0] > 1:
        # every pair of neighbours in the member array, weighted by the later member's journeys;
        # the pairs that straddle two paths are taken out again below
        weight = np.repeat(journeys, lengths)[1:]
        key = members[:-1] * n_channels
        key += members[1:]
        inner = weighted_bincount(key, weight, n_channels * n_channels)
        straddle = firsts[firsts > 0]
        inner -= weighted_bincount(
            members[straddle - 1] * n_channels + members[straddle], weight[straddle - 1], n_channels * n_channels
        )
        counts[1:, 1:] = inner.reshape(n_channels, n_channels)
        np.fill_diagonal(counts, 0.0)
    counts[0, 1:] = weighted_bincount(members[firsts], journeys[nonempty], n_channels)
    history = np.arange(-1, n_channels, dtype=np.int64)[:, None]
    last = members[paths.offsets[1:][nonempty] - 1] + 1
    return _with_ends(history, sp.csr_matrix(counts), last, nonempty, paths.journeys, paths.conversions, paths.value)


def _with_ends(
    history: IntArray,
    counts: sp.csr_matrix,
    last: IntArray,
    nonempty: npt.NDArray[np.bool_],
    journeys: np.ndarray,
    conversions: np.ndarray,
    value: np.ndarray,
) -> AbsorbingChain:
    """The chain with each path's end (conversion or null) counted at the state of its last touch
    (``journeys``, ``conversions`` and ``value`` per path, ``last`` per non-empty path)."""
    n = history.shape[0]
    to_conversion = weighted_bincount(last, conversions[nonempty].astype(np.float64), n)
    ends = weighted_bincount(last, journeys[nonempty].astype(np.float64), n)
    reward = weighted_bincount(last, value[nonempty].astype(np.float64), n)
    outflow = np.asarray(counts.sum(axis=1)).ravel() + ends
    return AbsorbingChain(history, counts, to_conversion, reward, outflow)


def _system(chain: AbsorbingChain) -> tuple[sp.csc_matrix, FloatArray, FloatArray, npt.NDArray[np.bool_]]:
    """``I - Q`` and the conversion/value rewards, on the states that can still convert.

    A state from which conversion is unreachable has ``g = 0`` and is as good as null, so it is
    dropped; this keeps the systems small and non-singular.
    """
    n = chain.n_states
    with np.errstate(divide="ignore", invalid="ignore"):
        inv_out = np.where(chain.outflow > 0, 1.0 / chain.outflow, 0.0)
    # states that reach conversion: search backwards from a sink that every converting state feeds
    converting = np.nonzero(chain.to_conversion > 0)[0]
    sink_row = sp.csr_matrix(
        (np.ones(converting.shape[0]), (np.zeros(converting.shape[0], dtype=np.int64), converting)), shape=(1, n)
    )
    reverse = sp.bmat([[chain.counts.T, sp.csr_matrix((n, 1))], [sink_row, sp.csr_matrix((1, 1))]]).tocsr()
    reached = csgraph.breadth_first_order(reverse, n, directed=True, return_predecessors=False)
    alive = np.zeros(n + 1, dtype=bool)
    alive[reached] = True
    alive = alive[:n]
    alive[0] = True
    keep = np.nonzero(alive)[0]
    q = sp.diags(inv_out[keep]) @ chain.counts[keep][:, keep]
    a = (sp.identity(keep.shape[0], format="csc") - q).tocsc()
    return a, chain.to_conversion[keep] * inv_out[keep], chain.value[keep] * inv_out[keep], alive


def removal_effects(chain: AbsorbingChain, n_channels: int) -> tuple[float, FloatArray, FloatArray]:
    """(P(conversion), removal effect per channel on conversions, and on value; never below 0)."""
    a, r, r_value, alive = _system(chain)
    size = a.shape[0]
    # BLAS threads only pay on a large dense inversion; elsewhere they stall on a busy machine
    # (tens of ms per call) and fight the per-channel threads. A tiny chain needs no limit:
    # OpenBLAS runs it on one thread anyway.
    if size <= TINY or (size > DENSE_ALWAYS and _dense(a)):
        base, effects, value_effects = _removal_effects(chain, n_channels, a, r, r_value, alive)
    else:
        with _blas().limit(limits=1, user_api="blas"):
            base, effects, value_effects = _removal_effects(chain, n_channels, a, r, r_value, alive)
    return base, np.clip(effects, 0.0, None), np.clip(value_effects, 0.0, None)


def _dense(a: sp.spmatrix) -> bool:
    """Whether one dense inversion serves every channel (it costs size^3; beyond, sparse solves
    per channel win on sparse chains)."""
    size = a.shape[0]
    return size <= DENSE_ALWAYS or (size <= DENSE_LIMIT and a.nnz > DENSE_FILL * size)


@functools.cache
def _blas() -> ThreadpoolController:
    """The process's BLAS thread pools, looked up once (a lookup reads every loaded library)."""
    return ThreadpoolController()


def _removal_effects(
    chain: AbsorbingChain,
    n_channels: int,
    a: sp.csc_matrix,
    r: FloatArray,
    r_value: FloatArray,
    alive: npt.NDArray[np.bool_],
) -> tuple[float, FloatArray, FloatArray]:
    kept_history = chain.history[alive]
    effects = np.zeros(n_channels)
    value_effects = np.zeros(n_channels)
    if not r.any():
        return 0.0, effects, value_effects
    order = chain.history.shape[1]
    rhs = np.column_stack([r, r_value])
    size = a.shape[0]
    if _dense(a):
        # Removing channel c is the same as sending the chain to null when it enters a state whose
        # newest channel is c (L_c): every other state containing c is reached only through L_c.
        # With N = (I - Q)^-1 and g = N r, first-passage decomposition gives
        # P(conversion without c) = g[s] - N[s, L_c] N[L_c, L_c]^-1 g[L_c]; for order 1, L_c = {c}.
        inverse = scipy.linalg.inv(a.toarray())
        g = inverse @ rhs
        base = g[0]
        newest = kept_history[:, -1]
        for channel in np.unique(newest[newest >= 0]):
            entry = np.flatnonzero(newest == channel)
            lost = inverse[0, entry] @ np.linalg.solve(inverse[np.ix_(entry, entry)], g[entry])
            for column, target in ((0, effects), (1, value_effects)):
                if base[column] > 0:
                    target[channel] = lost[column] / base[column]
        return float(base[0]), effects, value_effects
    # One solve per channel of the transposed system gives y = the expected visits to each
    # state from the start; P(conversion) = y.r and the value's P = y.r_value from the same y.
    solver = BlockSolver(a.T.tocsc())
    start = np.zeros((size, 1))
    start[0, 0] = 1.0
    visits = solver.solve(start)
    base = visits[:, 0] @ rhs
    # the states that contain each channel, grouped by channel (CSR: no states x channels matrix)
    state_of = np.concatenate([np.nonzero(kept_history[:, column] >= 0)[0] for column in range(order)])
    channel_of = np.concatenate([kept_history[kept_history[:, column] >= 0, column] for column in range(order)])
    by_channel = np.argsort(channel_of, kind="stable")
    state_of, channel_of = state_of[by_channel], channel_of[by_channel]
    bounds = np.searchsorted(channel_of, np.arange(n_channels + 1))

    def without(channel: int) -> FloatArray:
        removed = np.zeros(size, dtype=bool)
        removed[state_of[bounds[channel] : bounds[channel + 1]]] = True
        return np.asarray(solver.solve(start, removed=removed, guess=visits)[:, 0] @ rhs)

    channels = [int(c) for c in np.unique(channel_of)]
    if WORKERS > 1 and len(channels) > 1 and solver.largest_block >= THREADED_BLOCK:
        with ThreadPoolExecutor(max_workers=min(WORKERS, len(channels))) as pool:  # the solves release the GIL
            solved = list(zip(channels, pool.map(without, channels)))
    else:  # small solves are mostly Python: threads would only take turns at the GIL
        solved = [(channel, without(channel)) for channel in channels]
    for channel, probabilities in solved:
        for column, target in ((0, effects), (1, value_effects)):
            if base[column] > 0:
                target[channel] = 1.0 - probabilities[column] / base[column]
    return float(base[0]), effects, value_effects


class BlockSolver:
    """Solves ``(I - Q) x = b`` by back-substitution over the strongly connected components.

    Most states of a high-order chain lie on no cycle (a history seen in few journeys), so
    they are solved level by level, all states of a level in one sparse product; only the
    components with cycles need a linear solve of their own (``_Block.solve``). The component order
    holds for any subset of states, so a channel's removal (its states forced to 0, i.e. sent
    to null) reuses it: one pass over the transitions per channel.
    """

    def __init__(self, a: sp.spmatrix) -> None:
        q = (sp.identity(a.shape[0], format="csr") - sp.csr_matrix(a)).tocsr()
        q.eliminate_zeros()
        self.size = q.shape[0]
        n_comp, labels = csgraph.connected_components(q, directed=True, connection="strong")
        coo = q.tocoo()
        cu, cv = labels[coo.row], labels[coo.col]
        between = cu != cv
        height = _dag_heights(n_comp, cu[between], cv[between])
        comp_size = np.bincount(labels, minlength=n_comp)
        state_height = height[labels]
        singles = comp_size[labels] == 1
        diagonal = q.diagonal()
        off = (q - sp.diags(diagonal)).tocsr()
        off.eliminate_zeros()
        self.levels: list[tuple[IntArray, sp.csr_matrix, FloatArray, list[_Block]]] = []
        self.largest_block = 0
        order = np.argsort(state_height, kind="stable")
        bounds = np.searchsorted(state_height[order], np.arange(int(height.max(initial=0)) + 2))
        for level in range(bounds.shape[0] - 1):
            states = order[bounds[level] : bounds[level + 1]]
            rows = states[singles[states]]
            grouped = states[~singles[states]]
            grouped = grouped[np.argsort(labels[grouped], kind="stable")]
            cuts = np.flatnonzero(np.diff(labels[grouped])) + 1
            blocks = [
                _Block(members, q[members].tocsr()) for members in (np.split(grouped, cuts) if grouped.size else [])
            ]
            self.largest_block = max([self.largest_block] + [b.members.shape[0] for b in blocks])
            self.levels.append((rows, off[rows], 1.0 / (1.0 - diagonal[rows]), blocks))

    def solve(
        self,
        b: npt.NDArray[np.float64],
        removed: npt.NDArray[np.bool_] | None = None,
        guess: npt.NDArray[np.float64] | None = None,
    ) -> npt.NDArray[np.float64]:
        x = np.zeros_like(b)
        for rows, q_rows, scale, blocks in self.levels:
            if rows.shape[0]:
                x[rows] = (b[rows] + q_rows @ x) * scale[:, None]
                if removed is not None:
                    x[rows[removed[rows]]] = 0.0
            for block in blocks:
                inflow = block.q_rows @ x  # the block's own x is still 0: only what leaves it counts
                gone = None if removed is None else removed[block.members]
                start = None if guess is None else guess[block.members]
                x[block.members] = block.solve(b[block.members] + inflow, gone, start)
        return x


class _Block:
    """One strongly connected component: ``(I - B) x = rhs`` with some states removed (x = 0 there).

    Small components are solved by sparse LU of the kept rows; large ones, where LU fills in
    badly, by BiCGSTAB on the whole component with the removed states masked out (no submatrix
    to extract per channel), to a relative residual of 1e-12."""

    def __init__(self, members: IntArray, q_rows: sp.csr_matrix) -> None:
        self.members = members
        self.q_rows = q_rows  # the component's rows of Q, all columns (the inflow from solved states)
        self.inner = q_rows[:, members].tocsr()  # B
        self.inner.sort_indices()

    def solve(
        self, rhs: npt.NDArray[np.float64], removed: npt.NDArray[np.bool_] | None, guess: npt.NDArray[np.float64] | None
    ) -> npt.NDArray[np.float64]:
        size = self.members.shape[0]
        gone = np.zeros(0, dtype=np.int64) if removed is None else np.flatnonzero(removed)
        out = np.zeros_like(rhs)
        if gone.shape[0] == size:
            return out
        if size <= DIRECT_LIMIT:
            keep = np.arange(size) if gone.shape[0] == 0 else np.flatnonzero(~removed)  # type: ignore[operator]
            a = sp.identity(keep.shape[0], format="csc") - self.inner[keep][:, keep].tocsc()
            out[keep] = np.asarray(spla.splu(sp.csc_matrix(a)).solve(np.ascontiguousarray(rhs[keep])))
            return out
        inner = self.inner

        def apply(x: FloatArray) -> FloatArray:  # (I - B) x with the removed states masked out
            y = x - inner @ x
            y[gone] = 0.0
            return y

        for column in range(rhs.shape[1]):
            b = rhs[:, column].copy()
            b[gone] = 0.0
            if not b.any():
                continue
            x0 = np.zeros(size) if guess is None else guess[:, column].copy()
            x0[gone] = 0.0
            out[:, column] = _bicgstab(apply, b, x0)
        return out


def _dot(u: FloatArray, v: FloatArray) -> float:
    # einsum, not BLAS: OpenBLAS threads its dot products, which only fights the channel threads
    return float(np.einsum("i,i->", u, v))


def _bicgstab(apply: Callable[[FloatArray], FloatArray], b: FloatArray, x: FloatArray) -> FloatArray:
    """BiCGSTAB (van der Vorst 1992) to ``|b - A x| <= KRYLOV_RTOL |b|``; GMRES if it breaks down."""
    target = KRYLOV_RTOL**2 * _dot(b, b)  # compared with squared residual norms
    r = b - apply(x)
    r_hat = r.copy()
    rho = alpha = omega = 1.0
    v = np.zeros_like(b)
    p = np.zeros_like(b)
    for _ in range(KRYLOV_MAXITER):
        if _dot(r, r) <= target:
            return x
        rho_next = _dot(r_hat, r)
        if rho_next == 0.0 or omega == 0.0:
            break
        beta = (rho_next / rho) * (alpha / omega)
        p -= omega * v
        p *= beta
        p += r
        v = apply(p)
        denominator = _dot(r_hat, v)
        if denominator == 0.0:
            break
        alpha = rho_next / denominator
        x += alpha * p
        r -= alpha * v  # now s
        if _dot(r, r) <= target:
            return x
        t = apply(r)
        tt = _dot(t, t)
        if tt == 0.0:
            break
        omega = _dot(t, r) / tt
        x += omega * r
        r -= omega * t
        rho = rho_next
    # breakdown or no convergence: restarted GMRES from where BiCGSTAB got to
    operator = spla.LinearOperator((b.shape[0], b.shape[0]), matvec=apply, dtype=np.float64)
    x, info = spla.gmres(operator, b, x0=x, rtol=KRYLOV_RTOL, atol=0.0, restart=100, maxiter=100)
    if info != 0:
        raise ArithmeticError(f"the Markov chain's linear system did not converge (code {info})")
    return np.asarray(x)


def _dag_heights(n: int, src: IntArray, dst: IntArray) -> IntArray:
    """Longest distance (in edges) from each node of a DAG to a node with no successor."""
    height = np.zeros(n, dtype=np.int64)
    if src.shape[0] == 0:
        return height
    order = np.argsort(src, kind="stable")
    src, dst = src[order], dst[order]
    starts = np.flatnonzero(np.r_[True, src[1:] != src[:-1]])
    heads = src[starts]
    while True:
        candidate = np.maximum.reduceat(height[dst] + 1, starts)
        grown = candidate > height[heads]
        if not grown.any():
            return height
        height[heads[grown]] = candidate[grown]


def share(effects: FloatArray, total: float) -> FloatArray:
    """``total`` shared in proportion to ``effects`` (zeros when no effect)."""
    s = float(effects.sum())
    return effects * (total / s) if s > 0 else np.zeros_like(effects)


def markov_model(paths: PathCounts, order: int = 1) -> MarkovResult:
    chain = build_chain(paths, order)
    probability, effects, value_effects = removal_effects(chain, paths.n_channels)
    attribution = (share(effects, paths.total_conversions), share(value_effects, paths.total_value))
    return MarkovResult(order, probability, effects, value_effects, chain.n_states, attribution)


def markov_replicator(paths: PathCounts, order: int) -> Callable[[np.ndarray, np.ndarray], Attribution]:
    """The model as a function of bootstrap counts (journeys, conversions) on the same paths; the
    state numbering is done once. A path keeps its mean conversion value."""
    structure = chain_structure(paths, order)
    mean_value = np.divide(
        paths.value, paths.conversions, out=np.zeros(paths.value.shape[0]), where=paths.conversions > 0
    )

    def replicate(journeys: np.ndarray, conversions: np.ndarray) -> Attribution:
        value = mean_value * conversions
        _, effects, value_effects = removal_effects(structure.chain(journeys, conversions, value), paths.n_channels)
        return share(effects, float(conversions.sum())), share(value_effects, float(value.sum()))

    return replicate


def markov_attribution(order: int):
    """The model as a plain ``PathCounts -> (conversions, value)`` function."""

    def model(paths: PathCounts) -> Attribution:
        return markov_model(paths, order).attribution

    model.__name__ = f"markov_order_{order}"
    return model
