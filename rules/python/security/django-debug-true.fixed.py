import os

# ruleid: django-debug-true
DEBUG = False

# ok: django-debug-true
TEMPLATE_DEBUG = True

# ok: django-debug-true
DEBUG_TOOLBAR = True


def configure():
    # ok: django-debug-true
    DEBUG = True
    return DEBUG


# ok: django-debug-true
DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
