"""The installation's private directory (``VESTNIK_VAR_DIR``): the SQLite file with password
hashes and sessions, the secret key, uploaded media. Only the account that runs Vestnik may
read it.

Imported by the settings, so it must not import Django.
"""

import os
from pathlib import Path

__all__ = ["PRIVATE_UMASK", "secure_var_dir"]

# Files 0600, directories 0700: SQLite makes its -wal and -shm files on its own, and
# FileSystemStorage its upload folders, so the process's umask is the one place that
# covers every file the installation will ever create.
PRIVATE_UMASK = 0o077


def secure_var_dir(var_dir: Path) -> None:
    """Create `var_dir` private, make every later file private, and close what an earlier
    version left readable to others (the SQLite file was 0644)."""
    os.umask(PRIVATE_UMASK)
    var_dir.mkdir(parents=True, exist_ok=True)
    var_dir.chmod(0o700)
    for path in var_dir.iterdir():
        if path.is_file() and not path.is_symlink():
            path.chmod(0o600)
