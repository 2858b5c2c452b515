from commerce.roles.services import role_groups_sync


def sync_role_groups(sender, app_config=None, **kwargs):
    # Run once, after the last app has migrated, when every permission row exists.
    if app_config is not None and app_config.label == "cms":
        role_groups_sync()
