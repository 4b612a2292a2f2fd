"""What each attribution model is, in a few words, with where it comes from (the result's ``models``)."""

from __future__ import annotations

from .attribution import HEURISTIC_MODELS
from .result import ModelInfo

MODEL_INFO: dict[str, tuple[str, str, str]] = {
    "first_touch": (
        "First touch",
        "All credit to the journey's first touch.",
        "Industry convention (Google Analytics)",
    ),
    "last_touch": (
        "Last touch",
        "All credit to the journey's last (converting) touch.",
        "Industry convention (Google Analytics)",
    ),
    "linear": (
        "Linear",
        "Equal credit to every touch; a repeated channel earns a share per touch.",
        "Industry convention (Google Analytics)",
    ),
    "time_decay": (
        "Time decay",
        "Credit 2^(-(t_conversion - t_touch)/half-life), normalised per journey.",
        "Industry convention (Google Analytics, 7-day half-life)",
    ),
    "position_based": (
        "Position based 40/20/40",
        "40% first touch, 40% last, 20% spread over the touches between.",
        "Industry convention (Google Analytics)",
    ),
    "markov": (
        "Markov removal effect, order {k}",
        "Share of the drop in P(conversion) when the channel is removed from the absorbing Markov chain of order {k}, solved exactly.",
        "Anderl, Becker, von Wangenheim, Schumann (2016), Mapping the customer journey",
    ),
    "shapley": (
        "Shapley value (simplified)",
        "Shapley value of v(S) = conversions of journeys whose channel set lies within S: each conversion split equally over the distinct channels of its journey.",
        "Shapley (1953); Zhao, Mahboobi, Bagheri (2018), arXiv 1804.05327",
    ),
    "counterfactual": (
        "Counterfactual (logistic model)",
        "Expected conversions lost when the channel is removed from every journey, from a logistic model of conversion on the channels a journey touched; positive losses shared out over the conversions.",
        "Shao & Li (2011), Data-driven multi-touch attribution models; Dalessandro et al. (2012), Causally motivated attribution for online advertising",
    ),
    "shapley_incremental": (
        "Shapley value (incremental)",
        "Shapley value of v(S) = conversion rate of journeys whose channel set lies within S; negative values clipped to zero before sharing out the conversions.",
        "Shapley (1953); Castro, Gomez, Tejada (2009) for the sampled approximation",
    ),
}


def model_infos(markov_orders: tuple[int, ...]) -> list[ModelInfo]:
    """The models of an analysis with Markov chains of ``markov_orders``, in the result's order."""
    infos = [ModelInfo(key, *MODEL_INFO[key]) for key in HEURISTIC_MODELS]
    for k in markov_orders:
        label, definition, reference = MODEL_INFO["markov"]
        infos.append(ModelInfo(f"markov_{k}", label.format(k=k), definition.format(k=k), reference))
    infos += [ModelInfo(key, *MODEL_INFO[key]) for key in ("shapley", "shapley_incremental", "counterfactual")]
    return infos
