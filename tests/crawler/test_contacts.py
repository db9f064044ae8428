"""Emails, UK phone numbers (E.164) and specific-vs-generic contacts, from data/contacts_*.json."""

from __future__ import annotations

from typing import Any

import pytest

from crawler.extract.contacts import extract_contacts, extract_emails, extract_phones, is_specific


@pytest.mark.table("contacts_emails.json")
def test_extract_emails(case: dict[str, Any]) -> None:
    found = extract_emails(case["input"])
    assert [c.address for c in found] == case["expected"], case.get("why", "")
    for contact in found:
        assert contact.channel == "email"
        assert case["input"][contact.start :].lower().startswith(contact.address)


@pytest.mark.table("contacts_phones.json")
def test_extract_phones(case: dict[str, Any]) -> None:
    found = extract_phones(case["input"])
    assert [c.address for c in found] == case["expected"], case.get("why", "")
    for contact in found:
        assert contact.channel == "phone"
        assert case["input"][contact.start] in "+0123456789(", "start points at the number"


@pytest.mark.table("contacts_specific.json")
def test_is_specific(case: dict[str, Any]) -> None:
    text, heading = case["input"]["text"], case["input"].get("heading", "")
    got = [[c.address, is_specific(c, text, heading)] for c in extract_contacts(text)]
    assert got == case["expected"], case.get("why", "")
