"""Logging in to a site's hub: the machine's own accounts (PAM), for people on the current roster only.

The roster is read again at every login, so a trainee imported while the hub runs can log in at once, and one
taken off the roster cannot (their Unix account is also expired by the import, which PAM refuses as well).
"""

from __future__ import annotations

from jupyterhub.auth import PAMAuthenticator
from traitlets import Unicode

from .policy import HubPolicy


class RosterPAMAuthenticator(PAMAuthenticator):
    roster_folder = Unicode(help="the folder of hub-roster.json (written by `aijourney hub roster import`)",
                            config=True)

    def check_allowed(self, username, authentication=None):
        try:
            return username in HubPolicy.load(self.roster_folder).allowed_users
        except (OSError, ValueError, KeyError) as error:
            self.log.error("roster unreadable, nobody may log in: %s", error)
            return False
