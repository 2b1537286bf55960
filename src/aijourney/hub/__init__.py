"""JupyterHub for a site: the roster import (``roster``, ``accounts``); see grading/hub/README.md."""
