# The JupyterHub configuration of a site (one machine). `aijourney hub start` runs the hub with this file and
# passes the site's settings (address, ports, course, exchange, state folder) as AIJOURNEY_HUB_* variables;
# what they mean and how the hub is set up is in src/aijourney/hub/site.py.
from aijourney.hub.site import SiteSettings, configure

# JupyterHub runs this file with `get_config` defined
configure(globals()["get_config"](), SiteSettings.from_environment())
