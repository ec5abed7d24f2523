"""The JupyterLab and Voila servers the browser tests drive: ``bench/_servers.py``, shared with
the benchmarks (free port on 127.0.0.1, random token, every Jupyter setting and runtime file in a
temporary folder, the whole process group stopped at the end)."""
from bench._servers import (  # noqa: F401 - re-exported for the browser tests
    BIN,
    CHROMIUM,
    CHROMIUM_ARGS,
    LAB_SETTINGS,
    START_TIMEOUT,
    Server,
    free_port,
    jupyter_env,
    start_lab,
    start_voila,
)
