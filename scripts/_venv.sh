# Shared by scripts/test and scripts/demo (sourced, not run): make sure .venv exists in the
# repository root and holds this checkout installed with its test extras, pinned by
# constraints.txt. Expects the caller to have cd'ed to the repository root.
#
# PYTHON  the interpreter that creates .venv (default: python3); must be 3.11 or newer.

vestnik_venv() {
    local python="${PYTHON:-python3}"
    local stamp=".venv/.vestnik-installed"

    if [ ! -x .venv/bin/python ]; then
        if ! command -v "$python" >/dev/null 2>&1; then
            echo "Vestnik needs Python 3.11 or newer, but '$python' was not found." >&2
            echo "Install it (Debian: apt-get install python3 python3-venv) or set PYTHON=/path/to/python3.11" >&2
            return 1
        fi
        if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
            echo "Vestnik needs Python 3.11 or newer; '$python' is: $("$python" --version 2>&1)" >&2
            echo "Install a newer one or set PYTHON=/path/to/python3.11" >&2
            return 1
        fi
        echo "Creating .venv with $python ($("$python" -c 'import platform; print(platform.python_version())'))" >&2
        "$python" -m venv .venv || {
            echo "Could not create .venv (Debian: apt-get install python3-venv)" >&2
            return 1
        }
        rm -f "$stamp"
    fi

    if [ ! -e "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
        echo "Installing Vestnik and its test tools into .venv (pinned by constraints.txt)" >&2
        .venv/bin/pip install -q -c constraints.txt -e ".[test]" || return 1
        touch "$stamp"
    fi
}
