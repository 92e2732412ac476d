"""A version of the agency tree that changes whenever any agency does.

Pages that show the whole tree (the portal's home and /apply/) keep what they
rendered from it per process, keyed on this version, instead of re-rendering
200 agencies on every request. The version lives in the shared cache so that a
change saved by one gunicorn worker is seen by every other on its next request.

It is the portal's site-wide version (core.pagecache): the whole-page copies of
the public pages show the tree too, and one read per request serves both. A
catalogue change bumps it as well, which costs the tree one re-render.
"""

from __future__ import annotations

from gongkai.core import pagecache

KEY = pagecache.VERSION_KEY


def tree_version() -> str:
    """The current version; one cache read (a new one is made if the cache lost it)."""
    return pagecache.portal_version()


def tree_changed() -> None:
    """Call after any write to Agency, including queryset.update() and bulk writes.

    Bumped at once and again after commit (core.pagecache.portal_changed): with Redis
    an early bump alone could let another worker render the not-yet-committed tree
    under the new version and keep it.
    """
    pagecache.portal_changed()
