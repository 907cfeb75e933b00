"""wiredesk: run a network of topical news sites from news-agency wire copy."""

__version__ = "0.1.0"
