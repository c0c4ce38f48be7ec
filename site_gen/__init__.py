"""site_gen: scraped news-article dumps in, a clean static news-reader site out."""

__version__ = "0.1.0"
