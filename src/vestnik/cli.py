"""The ``vestnik`` command: Django's management commands under names a newsroom can type.

``vestnik import-text FILE --outlet SLUG`` runs the ``import_text`` command, and so on;
``vestnik help`` lists them all.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vestnik.settings.production")
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["vestnik", *args])


if __name__ == "__main__":
    main()
