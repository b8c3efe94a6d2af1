#!/usr/bin/env bash
# Creates .venv-alembic at the repository's root with Alembic, SQLAlchemy and the drivers
# the Alembic import tests use (psycopg2 for PostgreSQL, PyMySQL for MariaDB/MySQL).
# `shale import --from alembic` finds it through SHALE_ALEMBIC_PYTHON, or on its own when
# run from the repository (the tests set the variable). Safe to run again: an existing
# venv with alembic importable is left as it is.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv-alembic"
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import alembic, sqlalchemy, psycopg2, pymysql' 2>/dev/null; then
    echo "$venv: ready"
    exit 0
fi
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    'alembic>=1.12' 'sqlalchemy>=2.0' psycopg2-binary pymysql
"$venv/bin/python" -c 'import alembic; print("alembic", alembic.__version__)'
echo "$venv: ready"
