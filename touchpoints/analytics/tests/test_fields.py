"""The log's fields are the engine's: the page's labels and help, the guessing words, the API's
upload fields and the options' one check all follow its definition."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from touchpoints.analytics import api, forms, logfiles, services
from touchpoints.analytics.choices import FIELD_LABELS, REQUIRED_FIELDS
from touchpoints.analytics.engine import io


def test_every_field_of_the_engine_has_a_label_help_guess_words_and_an_upload_field() -> None:
    fields = set(io.ALL_FIELDS)
    assert set(FIELD_LABELS) == set(forms.FIELD_HELP) == set(logfiles.SYNONYMS) == fields
    assert set(services.FIELDS) == fields and tuple(REQUIRED_FIELDS) == io.REQUIRED_FIELDS
    schema: Any = api.MULTIPART_SCHEMA  # a plain OpenAPI dict
    upload = schema["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"]
    assert fields <= set(upload)
    assert upload["value"]["description"] == "Column of the conversion value (optional)."


def test_options_as_text_and_as_values_are_checked_alike() -> None:
    as_text = services.clean_options({"markov_orders": "1, 2", "half_life_days": "7.5", "by_segment": "on"})
    as_values = services.clean_options({"markov_orders": [2, 1], "half_life_days": 7.5, "by_segment": True})
    assert as_text == as_values and as_text["markov_orders"] == [1, 2]
    with pytest.raises(ValidationError) as info:
        services.clean_options({"markov_orders": "1,4", "half_life_days": "0", "bootstrap": "5000"})
    assert {"markov_orders", "half_life_days", "bootstrap"} <= set(info.value.message_dict)


def test_the_mapping_form_refuses_what_the_api_refuses() -> None:
    data = {
        "token": "x",
        "customer": "a",
        "timestamp": "b",
        "touchpoint": "c",
        "conversion": "d",
        "half_life_days": "0",
        "bootstrap": "100",
        "engine": "duckdb",
    }
    form = forms.MappingForm(data, columns=["a", "b", "c", "d"])
    assert not form.is_valid()
    assert "between a fraction of a day and 3650 days" in " ".join(str(e) for e in form.errors["half_life_days"])
