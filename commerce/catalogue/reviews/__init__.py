"""Oscar's product reviews, forked to bound a review's length (``models.py``)."""
