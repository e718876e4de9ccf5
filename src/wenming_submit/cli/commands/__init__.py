"""One module per sub-command; COMMANDS is the list the `wenming` group registers."""

from wenming_submit.cli.commands.check import check
from wenming_submit.cli.commands.init import init

COMMANDS = [init, check]
