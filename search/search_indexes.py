# Oscar's product index, so that haystack's database backend answers storefront searches.
from oscar.apps.search.search_indexes import *  # noqa: F403
