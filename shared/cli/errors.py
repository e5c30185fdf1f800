class UserError(Exception):
    """A problem the user can fix; printed without a traceback, exit code 2."""
