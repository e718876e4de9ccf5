"""One module per sub-command; COMMANDS is the list the `wenming` group registers."""

from wenming_submit.cli.commands.build import build
from wenming_submit.cli.commands.check import check
from wenming_submit.cli.commands.dashboard import dashboard
from wenming_submit.cli.commands.export_checklist import export_checklist
from wenming_submit.cli.commands.import_table import import_command
from wenming_submit.cli.commands.init import init
from wenming_submit.cli.commands.notify import notify
from wenming_submit.cli.commands.progress import progress
from wenming_submit.cli.commands.scaffold import scaffold
from wenming_submit.cli.commands.verify import verify

COMMANDS = [init, check, progress, dashboard, notify, build, verify, import_command, export_checklist, scaffold]
