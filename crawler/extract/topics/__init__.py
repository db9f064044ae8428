"""One module per topic of surveillance content; each registers its extractors with ``@extractor``."""
