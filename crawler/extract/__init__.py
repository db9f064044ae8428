"""Extractors: small pure functions from page text to facts. None of them imports Scrapy."""
