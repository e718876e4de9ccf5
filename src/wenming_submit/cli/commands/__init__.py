"""One module per sub-command. COMMANDS maps each command name to where it lives; the `wenming` group
imports a command only when it runs, so `wenming check` never loads the Word/Excel builders."""

COMMANDS = {
    "init": "wenming_submit.cli.commands.init:init",
    "import": "wenming_submit.cli.commands.import_table:import_command",
    "export-checklist": "wenming_submit.cli.commands.export_checklist:export_checklist",
    "scaffold": "wenming_submit.cli.commands.scaffold:scaffold",
    "intake": "wenming_submit.cli.commands.intake:intake",
    "check": "wenming_submit.cli.commands.check:check",
    "progress": "wenming_submit.cli.commands.progress:progress",
    "dashboard": "wenming_submit.cli.commands.dashboard:dashboard",
    "notify": "wenming_submit.cli.commands.notify:notify",
    "build": "wenming_submit.cli.commands.build:build",
    "verify": "wenming_submit.cli.commands.verify:verify",
}
