"""Register queries: upsert, list and get authorities."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from storage.queries import get_authority, list_authorities, upsert_authorities

BROMSGROVE = {
    "gss_code": "E07000234",
    "name": "Bromsgrove District Council",
    "type": "NMD",
    "nation": "England",
    "region": "West Midlands",
    "homepage": "https://www.bromsgrove.gov.uk/",
    "source": "register.csv",
}
GWYNEDD = {
    "gss_code": "W06000002",
    "name": "Gwynedd Council",
    "type": "UA",
    "nation": "Wales",
    "region": "",
    "homepage": "https://www.gwynedd.llyw.cymru/",
}
WORCESTER = {
    "gss_code": "E07000237",
    "name": "Worcester City Council",
    "type": "NMD",
    "nation": "England",
    "region": "West Midlands",
    "homepage": "https://www.worcester.gov.uk/",
    "source": "register.csv",
}


def test_upsert_inserts_then_is_idempotent(session: Session) -> None:
    assert upsert_authorities(session, [BROMSGROVE, GWYNEDD]) == 2
    session.commit()
    assert upsert_authorities(session, [BROMSGROVE, GWYNEDD]) == 0
    session.commit()
    assert [a.gss_code for a in list_authorities(session)] == ["E07000234", "W06000002"]


def test_upsert_fills_optional_fields(session: Session) -> None:
    upsert_authorities(session, [GWYNEDD])
    gwynedd = get_authority(session, "W06000002")
    assert gwynedd is not None
    assert (gwynedd.region, gwynedd.source) == (None, "")


def test_upsert_updates_changed_rows_only(session: Session) -> None:
    upsert_authorities(session, [BROMSGROVE, GWYNEDD, WORCESTER])
    session.commit()
    loaded = get_authority(session, "E07000234")
    assert loaded is not None

    moved = {**BROMSGROVE, "homepage": "https://www.bromsgrove-new.gov.uk/", "region": None}
    assert upsert_authorities(session, [moved, GWYNEDD, WORCESTER]) == 1
    session.commit()

    # The object already in the session is refreshed, not left stale.
    assert loaded.homepage == "https://www.bromsgrove-new.gov.uk/"
    assert loaded.region is None
    worcester = get_authority(session, "E07000237")
    assert worcester is not None and worcester.homepage == "https://www.worcester.gov.uk/"


def test_upsert_last_duplicate_wins(session: Session) -> None:
    renamed = {**BROMSGROVE, "name": "Bromsgrove DC"}
    assert upsert_authorities(session, [BROMSGROVE, renamed]) == 1
    authority = get_authority(session, "E07000234")
    assert authority is not None and authority.name == "Bromsgrove DC"


def test_upsert_many_rows_in_chunks(session: Session) -> None:
    rows = [
        {**BROMSGROVE, "gss_code": f"E0{i:07d}", "name": f"Council {i}", "homepage": f"https://c{i}.gov.uk/"}
        for i in range(1_234)
    ]
    assert upsert_authorities(session, rows) == 1_234
    assert upsert_authorities(session, rows) == 0
    assert upsert_authorities(session, []) == 0
    assert len(list_authorities(session)) == 1_234


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({**BROMSGROVE, "website": "x"}, "unknown authority field"),
        (
            {k: v for k, v in BROMSGROVE.items() if k != "nation"},
            r"missing authority field\(s\) \['nation'\]",
        ),
        ({**BROMSGROVE, "name": ""}, "missing authority field"),
    ],
    ids=["unknown-field", "missing-field", "empty-field"],
)
def test_upsert_rejects_bad_rows(session: Session, row: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        upsert_authorities(session, [row])


def test_list_authorities_filters(session: Session) -> None:
    upsert_authorities(session, [GWYNEDD, WORCESTER, BROMSGROVE])

    def codes(nation: str | None = None, type: str | None = None) -> list[str]:
        return [a.gss_code for a in list_authorities(session, nation=nation, type=type)]

    assert codes() == ["E07000234", "E07000237", "W06000002"]
    assert codes(nation="Wales") == ["W06000002"]
    assert codes(type="NMD") == ["E07000234", "E07000237"]
    assert codes(nation="Wales", type="NMD") == []


def test_get_authority_unknown_code(session: Session) -> None:
    assert get_authority(session, "E99999999") is None
