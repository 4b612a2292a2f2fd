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
component with cycles a linear solve (sparse LU up to 3,000 states; beyond, where LU fills in,
BiCGSTAB to a relative residual of 1e-12, started from the solution with nothing removed).
Conversions (and value, with the conversion reward replaced by the value) are then shared in
proportion to the removal effects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import numpy.typing as npt
import scipy.linalg
import scipy.sparse as sp
import scipy.sparse.csgraph as csgraph
import scipy.sparse.linalg as spla

from .attribution import Attribution
from .paths import FloatArray, IntArray, PathCounts, collapse_repeats, unique_inverse, weighted_bincount

DENSE_LIMIT = 4000  # states up to which one dense inversion may serve every channel (Woodbury)
DENSE_ALWAYS = 800  # ... and up to which it always does
DENSE_FILL = 20  # transitions per state above which a chain counts as dense
DENSE_KEYS = 1 << 24  # state keys up to which states are numbered through a lookup table
DIRECT_LIMIT = 3000  # states up to which a system is solved by sparse LU (LU fills in on big cyclic graphs)
KRYLOV_RTOL = 1e-12


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
        mask = self.nonempty
        to_conversion = weighted_bincount(self.last_state, conversions[mask].astype(np.float64), n)
        ends = weighted_bincount(self.last_state, journeys[mask].astype(np.float64), n)
        reward = weighted_bincount(self.last_state, value[mask].astype(np.float64), n)
        outflow = np.asarray(counts.sum(axis=1)).ravel() + ends
        return AbsorbingChain(self.history, counts, to_conversion, reward, outflow)


def chain_structure(paths: PathCounts, order: int) -> ChainStructure:
    """Number the order-``order`` states of the distinct paths and list their transitions."""
    if order < 1:
        raise ValueError("the order of a Markov chain is 1 or more")
    offsets, members = collapse_repeats(paths.offsets, paths.members)
    lengths = np.diff(offsets)
    nonempty = lengths > 0
    m = members.shape[0]
    position = np.arange(m, dtype=np.int64) - np.repeat(offsets[:-1], lengths)
    history = np.full((m, order), -1, dtype=np.int64)
    for shift in range(order):  # column order - 1 is the current channel, column 0 the oldest
        idx = np.nonzero(position >= shift)[0]
        history[idx, order - 1 - shift] = members[idx - shift]
    state_of_member, state_history = _state_ids(history, paths.n_channels)
    n_states = state_history.shape[0] + 1
    state_of_member = state_of_member + 1  # 0 is the start state
    path_of = np.repeat(np.arange(lengths.shape[0], dtype=np.int64), lengths)
    # start -> first state, and each state -> the next one in the same path
    firsts = offsets[:-1][nonempty]
    inner = np.nonzero(position[1:] > 0)[0] + 1  # members that have a predecessor in their path
    src = np.concatenate([np.zeros(firsts.shape[0], dtype=np.int64), state_of_member[inner - 1]])
    dst = np.concatenate([state_of_member[firsts], state_of_member[inner]])
    path = np.concatenate([np.flatnonzero(nonempty), path_of[inner]])
    key = src * n_states + dst
    if n_states * n_states <= DENSE_KEYS:  # number the pairs through a table: no sort
        present = np.zeros(n_states * n_states, dtype=bool)
        present[key] = True
        distinct = np.flatnonzero(present)
        pair = (np.cumsum(present) - 1)[key]
    else:
        distinct, _, pair = unique_inverse(key)
    incidence = sp.csr_matrix((np.ones(key.shape[0]), (pair, path)), shape=(distinct.shape[0], lengths.shape[0]))
    full_history = np.vstack([np.full((1, order), -1, dtype=np.int64), state_history])
    return ChainStructure(full_history, distinct // n_states, distinct % n_states, incidence, nonempty,
                          state_of_member[offsets[1:][nonempty] - 1])


def build_chain(paths: PathCounts, order: int) -> AbsorbingChain:
    """Count the transitions of the order-``order`` chain from the distinct paths (one pass;
    ``chain_structure`` keeps the intermediate numbering for bootstrap replicates instead)."""
    if order < 1:
        raise ValueError("the order of a Markov chain is 1 or more")
    offsets, members = collapse_repeats(paths.offsets, paths.members)
    lengths = np.diff(offsets)
    nonempty = lengths > 0
    position = np.arange(members.shape[0], dtype=np.int64) - np.repeat(offsets[:-1], lengths)
    if order == 1:  # a state per channel: no numbering needed
        state_of_member = members + 1
        state_history = np.arange(paths.n_channels, dtype=np.int64)[:, None]
    else:
        history = np.full((members.shape[0], order), -1, dtype=np.int64)
        for shift in range(order):
            idx = np.nonzero(position >= shift)[0]
            history[idx, order - 1 - shift] = members[idx - shift]
        state_of_member, state_history = _state_ids(history, paths.n_channels)
        state_of_member = state_of_member + 1
    n = state_history.shape[0] + 1
    journeys = paths.journeys.astype(np.float64)
    firsts = offsets[:-1][nonempty]
    inner = np.nonzero(position[1:] > 0)[0] + 1
    path_of_inner = np.searchsorted(offsets, inner, side="right") - 1
    src = np.concatenate([np.zeros(firsts.shape[0], dtype=np.int64), state_of_member[inner - 1]])
    dst = np.concatenate([state_of_member[firsts], state_of_member[inner]])
    weight = np.concatenate([journeys[nonempty], journeys[path_of_inner]])
    if n * n <= DENSE_KEYS:
        counts = sp.csr_matrix(weighted_bincount(src * n + dst, weight, n * n).reshape(n, n))
    else:
        counts = sp.coo_matrix((weight, (src, dst)), shape=(n, n)).tocsr()
        counts.sum_duplicates()
    last_state = state_of_member[offsets[1:][nonempty] - 1]
    to_conversion = weighted_bincount(last_state, paths.conversions[nonempty].astype(np.float64), n)
    ends = weighted_bincount(last_state, journeys[nonempty], n)
    reward = weighted_bincount(last_state, paths.value[nonempty], n)
    outflow = np.asarray(counts.sum(axis=1)).ravel() + ends
    full_history = np.vstack([np.full((1, order), -1, dtype=np.int64), state_history])
    return AbsorbingChain(full_history, counts, to_conversion, reward, outflow)


def _state_ids(history: IntArray, n_channels: int) -> tuple[IntArray, IntArray]:
    """Number the distinct rows of ``history``; returns (id per row, distinct rows)."""
    order = history.shape[1]
    if history.shape[0] == 0:
        return np.zeros(0, dtype=np.int64), np.zeros((0, order), dtype=np.int64)
    base = n_channels + 1
    if order * np.log2(max(base, 2)) < 62:
        key = np.zeros(history.shape[0], dtype=np.int64)
        for column in range(order):
            key = key * base + (history[:, column] + 1)
        if base**order <= DENSE_KEYS:  # relabel through a table: no sort at all
            present = np.zeros(base**order, dtype=bool)
            present[key] = True
            distinct = np.flatnonzero(present)
            label = np.cumsum(present) - 1
            inverse = label[key]
        else:
            distinct, _, inverse = unique_inverse(key)
        rows = np.empty((distinct.shape[0], order), dtype=np.int64)
        rest = distinct.astype(np.int64).copy()
        for column in range(order - 1, -1, -1):
            rows[:, column] = rest % base - 1
            rest //= base
        return inverse.astype(np.int64).ravel(), rows
    rows, inverse = np.unique(history, axis=0, return_inverse=True)
    return inverse.astype(np.int64).ravel(), rows


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
    sink_row = sp.csr_matrix((np.ones(converting.shape[0]), (np.zeros(converting.shape[0], dtype=np.int64), converting)),
                             shape=(1, n))
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
    """(P(conversion), removal effect per channel on conversions, and on value)."""
    a, r, r_value, alive = _system(chain)
    kept_history = chain.history[alive]
    effects = np.zeros(n_channels)
    value_effects = np.zeros(n_channels)
    if not r.any():
        return 0.0, effects, value_effects
    order = chain.history.shape[1]
    rhs = np.column_stack([r, r_value])
    size = a.shape[0]
    if size <= DENSE_ALWAYS or (size <= DENSE_LIMIT and a.nnz > DENSE_FILL * size):
        # (a dense inversion costs size^3; sparse LU per channel wins on sparse chains)
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
        np.clip(effects, 0.0, None, out=effects)
        np.clip(value_effects, 0.0, None, out=value_effects)
        return float(base[0]), effects, value_effects
    # One solve per channel of the transposed system gives y = the expected visits to each
    # state from the start; P(conversion) = y.r and the value's P = y.r_value from the same y.
    solver = BlockSolver(a.T.tocsc())
    start = np.zeros((size, 1))
    start[0, 0] = 1.0
    visits = solver.solve(start)
    base = visits[:, 0] @ rhs
    contains = np.zeros((kept_history.shape[0], n_channels), dtype=bool)
    for column in range(order):
        rows = np.nonzero(kept_history[:, column] >= 0)[0]
        contains[rows, kept_history[rows, column]] = True
    channels = [int(c) for c in np.nonzero(contains.any(axis=0))[0]]
    solved = [(c, solver.solve(start, removed=contains[:, c], guess=visits)[:, 0] @ rhs) for c in channels]
    for channel, probabilities in solved:
        for column, target in ((0, effects), (1, value_effects)):
            if base[column] > 0:
                target[channel] = 1.0 - probabilities[column] / base[column]
    np.clip(effects, 0.0, None, out=effects)
    np.clip(value_effects, 0.0, None, out=value_effects)
    return float(base[0]), effects, value_effects


class BlockSolver:
    """Solves ``(I - Q) x = b`` by back-substitution over the strongly connected components.

    Most states of a high-order chain lie on no cycle (a history seen in few journeys), so
    they are solved level by level, all states of a level in one sparse product; only the
    components with cycles need a linear solve of their own (``_solve``). The component order
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
        self.levels: list[tuple[IntArray, sp.csr_matrix, FloatArray, list[tuple[IntArray, sp.csc_matrix, sp.csr_matrix]]]] = []
        order = np.argsort(state_height, kind="stable")
        bounds = np.searchsorted(state_height[order], np.arange(int(height.max(initial=0)) + 2))
        for level in range(bounds.shape[0] - 1):
            states = order[bounds[level]:bounds[level + 1]]
            rows = states[singles[states]]
            blocks = []
            grouped = states[~singles[states]]
            grouped = grouped[np.argsort(labels[grouped], kind="stable")]
            cuts = np.flatnonzero(np.diff(labels[grouped])) + 1
            for members in np.split(grouped, cuts) if grouped.size else []:
                blocks.append((members, sp.csc_matrix(sp.identity(members.shape[0]) - q[members][:, members]),
                               q[members].tocsr()))
            self.levels.append((rows, off[rows], 1.0 / (1.0 - diagonal[rows]), blocks))

    def solve(self, b: npt.NDArray[np.float64], removed: npt.NDArray[np.bool_] | None = None,
              guess: npt.NDArray[np.float64] | None = None) -> npt.NDArray[np.float64]:
        x = np.zeros_like(b)
        for rows, q_rows, scale, blocks in self.levels:
            if rows.shape[0]:
                x[rows] = (b[rows] + q_rows @ x) * scale[:, None]
                if removed is not None:
                    x[rows[removed[rows]]] = 0.0
            for members, a_block, q_block in blocks:
                inflow = q_block @ x  # the block's own x is still 0: only what leaves it counts
                keep = np.arange(members.shape[0]) if removed is None else np.nonzero(~removed[members])[0]
                if keep.shape[0] == 0:
                    continue
                sub = a_block if keep.shape[0] == members.shape[0] else a_block[keep][:, keep].tocsc()
                start = None if guess is None else guess[members[keep]]
                x[members[keep]] = _solve(sub, (b[members] + inflow)[keep], start)
        return x


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


def _solve(a: sp.csc_matrix, rhs: npt.NDArray[np.float64], guess: npt.NDArray[np.float64] | None) -> npt.NDArray[np.float64]:
    """Solve ``a x = rhs`` (two columns) exactly: sparse LU for small systems, else BiCGSTAB to a
    relative residual of 1e-12 (sparse LU fills in badly on the large, cyclic history graphs).
    ``guess`` (the solution with nothing removed) is a good start: removal changes it little."""
    if a.shape[0] <= DIRECT_LIMIT:
        return np.asarray(spla.splu(a).solve(rhs))
    out = np.empty_like(rhs)
    for column in range(rhs.shape[1]):
        b = rhs[:, column]
        if not b.any():
            out[:, column] = 0.0
            continue
        x0 = None if guess is None else guess[:, column]
        x, info = spla.bicgstab(a, b, x0=x0, rtol=KRYLOV_RTOL, atol=0.0, maxiter=5000)
        if info != 0:
            x, info = spla.gmres(a, b, x0=x, rtol=KRYLOV_RTOL, atol=0.0, restart=100, maxiter=100)
        if info != 0:
            raise ArithmeticError(f"the Markov chain's linear system did not converge (code {info})")
        out[:, column] = x
    return out


def share(effects: FloatArray, total: float) -> FloatArray:
    """``total`` shared in proportion to ``effects`` (zeros when no effect)."""
    s = float(effects.sum())
    return effects * (total / s) if s > 0 else np.zeros_like(effects)


def markov_model(paths: PathCounts, order: int = 1) -> MarkovResult:
    chain = build_chain(paths, order)
    probability, effects, value_effects = removal_effects(chain, paths.n_channels)
    attribution = (share(effects, paths.total_conversions), share(value_effects, paths.total_value))
    return MarkovResult(order, probability, effects, value_effects, chain.n_states, attribution)


def markov_replicator(paths: PathCounts, order: int) -> "Callable[[np.ndarray, np.ndarray], Attribution]":
    """The model as a function of bootstrap counts (journeys, conversions) on the same paths; the
    state numbering is done once. A path keeps its mean conversion value."""
    structure = chain_structure(paths, order)
    mean_value = np.divide(paths.value, paths.conversions, out=np.zeros(paths.value.shape[0]),
                           where=paths.conversions > 0)

    def replicate(journeys: np.ndarray, conversions: np.ndarray) -> Attribution:
        value = mean_value * conversions
        _, effects, value_effects = removal_effects(structure.chain(journeys, conversions, value), paths.n_channels)
        return share(effects, float(conversions.sum())), share(value_effects, float(value.sum()))

    return replicate


def markov_attribution(order: int):  # type: ignore[no-untyped-def]
    """The model as a plain ``PathCounts -> (conversions, value)`` function."""

    def model(paths: PathCounts) -> Attribution:
        return markov_model(paths, order).attribution

    model.__name__ = f"markov_order_{order}"
    return model
