from touchpoints.analytics.engine import match_channels


def test_match_by_code_then_name_and_list_candidates() -> None:
    touchpoints = [(1, "Call centre", "PHONE"), (2, "Website", "site"), (3, "Café Reception", None)]
    match = match_channels(["phone", "WEBSITE", "cafe-reception", "TikTok"], touchpoints)
    assert match.matched == {"phone": 1, "WEBSITE": 2, "cafe-reception": 3}
    assert match.matched_by == {"phone": "code", "WEBSITE": "name", "cafe-reception": "name"}
    assert match.candidates == ["TikTok"]
