"""Who sees the search entries of the Oscar dashboard menu (imported by settings: no models)."""


def synonyms_access(user, url_name, url_args=None, url_kwargs=None) -> bool:
    return user.is_staff and user.has_perm("search.change_searchsettings")
