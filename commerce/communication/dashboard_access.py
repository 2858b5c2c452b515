"""Who sees the notification pages of the Oscar dashboard (imported by settings: no models)."""

MESSAGES_PERMISSION = "communication.view_message"
RESEND_PERMISSION = "communication.change_message"
TEMPLATES_PERMISSION = "communication.change_notificationtemplate"


def _staff_with(user, permission: str) -> bool:
    if not user.is_active:
        return False
    return user.is_superuser or (user.is_staff and user.has_perm(permission))


def messages_access(user, url_name=None, url_args=None, url_kwargs=None) -> bool:
    return _staff_with(user, MESSAGES_PERMISSION)


def resend_access(user) -> bool:
    return _staff_with(user, RESEND_PERMISSION)


def templates_access(user, url_name=None, url_args=None, url_kwargs=None) -> bool:
    return _staff_with(user, TEMPLATES_PERMISSION)
