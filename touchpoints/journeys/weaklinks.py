"""Weak links of a chain (method step 3 (docs/method.md), [P0], [P1] and [P3] of docs/method.md): a pure function over plain data.

``find_weak_links(chain)`` returns one ``WeakLink`` per problem, in chain order (journey-wide
flags first, then per step, then per stage). Each says what is wrong and why, in the active
language, and names the step, stage and touchpoint it is about. What is flagged:

* the brand lacks the step's touchpoint (missing), has it only planned, or nobody knows;
* the step's experience is negative (at or below −0.5 on −2…+2) — negative links spoil the whole
  chain ([P0]) — or neutral (between −0.5 and +0.5), which fails to impress;
* the step has no experience at all (unscored), or is not audited while other steps are;
* the touchpoint has no owner unit ([P3]: someone must be responsible);
* a purchase stage has no step — inside the chain's span a gap (medium), outside it a hint;
* no final chord, a final chord that is not the last step, or one that starts no next chain ([P1]);
* simplification hints ([P3]): consecutive steps on the same channel or run by the same owner
  (merge them?), and a step that sends the customer back to a channel already used.

An empty chain gets a single flag (``empty_chain``): every other flag would only repeat it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from touchpoints.inventory.choices import Channel, PresenceStatus, Stage
from touchpoints.journeys.chain import NEGATIVE_AT, POSITIVE_AT, STAGE_INDEX, STAGES, Chain, Step
from touchpoints.journeys.choices import SEVERITY_ORDER, Severity, WeakLinkCode

Code = WeakLinkCode


@dataclass(frozen=True)
class WeakLink:
    code: str
    severity: str
    message: str
    step_id: int | None = None
    stage: str | None = None
    touchpoint_id: int | None = None
    related_step_id: int | None = None  # the earlier step a merge / return hint points at

    @property
    def title(self) -> str:
        return str(Code(self.code).label)


def _channel(value: str) -> str:
    return str(Channel(value).label) if value in Channel.values else value


def _stage(value: str) -> str:
    return str(Stage(value).label) if value in Stage.values else value


def signed_experience(value: float) -> str:
    """An experience (−2…+2) with its sign and one decimal at most, in the reader's number format:
    +1, −0.6 in English, −0,6 in Russian and Spanish."""
    number = round(float(value), 1)
    if number == 0:
        return "0"
    text = str(abs(int(number))) if number.is_integer() else number_format(abs(number), 1)
    return ("+" if number > 0 else "\u2212") + text


def _step_flags(chain: Chain, step: Step, index: int) -> Iterable[WeakLink]:
    def flag(code: str, severity: str, message: str, related: Step | None = None) -> WeakLink:
        return WeakLink(
            code=code,
            severity=severity,
            message=message,
            step_id=step.id,
            stage=step.stage,
            touchpoint_id=step.touchpoint_id,
            related_step_id=related.id if related else None,
        )

    brand = chain.brand or _("the brand")
    names = {"name": step.name, "brand": brand}
    if step.presence == PresenceStatus.MISSING:
        yield flag(
            Code.TOUCHPOINT_MISSING,
            Severity.HIGH,
            _(
                "%(brand)s does not have “%(name)s”: the customer meets a gap here. Create the touchpoint or "
                "route the chain around it."
            )
            % names,
        )
    elif step.presence == PresenceStatus.PLANNED:
        yield flag(
            Code.TOUCHPOINT_PLANNED,
            Severity.MEDIUM,
            _("“%(name)s” is only planned for %(brand)s: until it exists, the chain breaks here.") % names,
        )
    elif step.presence != PresenceStatus.EXISTS:
        yield flag(
            Code.PRESENCE_UNKNOWN,
            Severity.LOW,
            _("Nobody has recorded whether %(brand)s has “%(name)s”: check it in the inventory.") % names,
        )

    value = step.experience
    if value is None:
        yield flag(
            Code.UNSCORED,
            Severity.MEDIUM,
            _("“%(name)s” has neither an expected experience nor an audit score: nobody knows whether this link holds.")
            % names,
        )
    elif value <= NEGATIVE_AT:
        yield flag(
            Code.NEGATIVE,
            Severity.HIGH,
            _(
                "“%(name)s” leaves a negative experience (%(value)s): one negative link spoils the whole chain, "
                "so fix or remove it first."
            )
            % {**names, "value": signed_experience(value)},
        )
    elif value < POSITIVE_AT:
        yield flag(
            Code.NEUTRAL,
            Severity.LOW,
            _("“%(name)s” is neutral (%(value)s): a contact that fails to impress says “an ordinary company”.")
            % {**names, "value": signed_experience(value)},
        )
    if step.score is None and chain.audited:
        yield flag(
            Code.NOT_AUDITED,
            Severity.LOW,
            _("“%(name)s” has not been audited for %(brand)s; the curve uses the expected experience here.") % names,
        )

    if not step.owner.strip():
        yield flag(
            Code.NO_OWNER,
            Severity.MEDIUM,
            _("Nobody owns “%(name)s”: name the unit responsible for it, or nobody will fix it.") % names,
        )

    if step.final_chord:
        after = len(chain.steps) - index - 1
        if after:
            yield flag(
                Code.FINAL_CHORD_NOT_LAST,
                Severity.LOW,
                ngettext(
                    "The final chord “%(name)s” is followed by %(n)d more step: the chain should end on it.",
                    "The final chord “%(name)s” is followed by %(n)d more steps: the chain should end on it.",
                    after,
                )
                % {**names, "n": after},
            )
        if not chain.has_next:
            yield flag(
                Code.FINAL_CHORD_NO_NEXT,
                Severity.LOW,
                _("The final chord “%(name)s” leads to no next journey: link the chain it should start.") % names,
            )

    if index > 0:
        prev = chain.steps[index - 1]
        if step.channel and step.channel == prev.channel:
            yield flag(
                Code.MERGE_CHANNEL,
                Severity.LOW,
                _(
                    "“%(prev)s” and “%(name)s” follow each other on the same channel (%(channel)s): could they be "
                    "one step?"
                )
                % {**names, "prev": prev.name, "channel": _channel(step.channel)},
                related=prev,
            )
        owner = step.owner.strip()
        if owner and owner.lower() == prev.owner.strip().lower():
            yield flag(
                Code.MERGE_OWNER,
                Severity.LOW,
                _("“%(prev)s” and “%(name)s” are both run by %(owner)s, one after the other: could they be merged?")
                % {**names, "prev": prev.name, "owner": owner},
                related=prev,
            )
        if step.channel and step.channel != prev.channel:
            earlier = next(
                ((n, s) for n, s in enumerate(chain.steps[: index - 1], 1) if s.channel == step.channel), None
            )
            if earlier is not None:
                number, first = earlier
                yield flag(
                    Code.CHANNEL_RETURN,
                    Severity.LOW,
                    _(
                        "“%(name)s” sends the customer back to %(channel)s, already used at step %(n)s (“%(first)s”): "
                        "can the chain stay where the customer already is?"
                    )
                    % {**names, "channel": _channel(step.channel), "n": number, "first": first.name},
                    related=first,
                )


def _stage_flags(chain: Chain) -> Iterable[WeakLink]:
    used = {s.stage for s in chain.steps if s.stage in STAGE_INDEX}
    if not used:
        return
    first, last = min(STAGE_INDEX[s] for s in used), max(STAGE_INDEX[s] for s in used)
    for i, stage in enumerate(STAGES):
        if stage in used:
            continue
        label = {"stage": _stage(stage)}
        if first < i < last:
            yield WeakLink(
                code=Code.EMPTY_STAGE,
                severity=Severity.MEDIUM,
                stage=stage,
                message=_("No step in “%(stage)s”: the customer crosses this stage with no touchpoint to help.")
                % label,
            )
        else:
            yield WeakLink(
                code=Code.EMPTY_STAGE,
                severity=Severity.LOW,
                stage=stage,
                message=_(
                    "The chain does not reach “%(stage)s”. Fine if this process starts later or ends earlier; "
                    "otherwise add a step."
                )
                % label,
            )


def find_weak_links(chain: Chain) -> list[WeakLink]:
    if not chain.steps:
        return [
            WeakLink(
                code=Code.EMPTY_CHAIN,
                severity=Severity.HIGH,
                message=_("The chain has no steps yet: add the touchpoints a customer meets, in order."),
            )
        ]
    out: list[WeakLink] = []
    if not any(s.final_chord for s in chain.steps):
        out.append(
            WeakLink(
                code=Code.NO_FINAL_CHORD,
                severity=Severity.MEDIUM,
                message=_(
                    "No step is marked as the final chord: end the chain with a bright last interaction that "
                    "starts the next chain."
                ),
            )
        )
    for index, step in enumerate(chain.steps):
        out.extend(_step_flags(chain, step, index))
    out.extend(_stage_flags(chain))
    return out


def by_severity(links: Iterable[WeakLink]) -> list[WeakLink]:
    """Worst first; chain order kept within a severity."""
    return sorted(links, key=lambda link: SEVERITY_ORDER.get(link.severity, 9))


def by_step(links: Iterable[WeakLink]) -> dict[int, list[WeakLink]]:
    out: dict[int, list[WeakLink]] = {}
    for link in links:
        if link.step_id is not None:
            out.setdefault(link.step_id, []).append(link)
    return out


def severity_counts(links: Iterable[WeakLink]) -> dict[str, int]:
    counts = {s.value: 0 for s in Severity}
    for link in links:
        counts[link.severity] = counts.get(link.severity, 0) + 1
    return counts
