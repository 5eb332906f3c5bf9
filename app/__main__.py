"""Entry point: `python -m app [FILE]` opens the app; `python -m app VERB ...` runs a verb.

The portable folder's program (tools/build_portable.py) runs this same function, so
`Circles VERB ...` and `python -m app VERB ...` behave alike."""

from __future__ import annotations

import sys

# The export's helper process (services/workbook/background.py) is started as
# `sys.executable -m MODULE ...`; in the portable folder sys.executable is Circles itself,
# so it arrives here. Only this one module is ever run that way.
HELPER = ["-m", "app.services.prompts.process"]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:2] == HELPER:
        return _run_helper(argv[2:])
    if argv == ["--version"]:  # before the verbs are imported: answered at once
        from app import __version__

        print(f"Circles {__version__}")
        return 0
    from app.cli import build_parser, is_verb, run_verb

    if is_verb(argv):
        if argv[0] == "report" and not {"-h", "--help"} & set(argv[1:]):
            _install_report_renderer()  # Qt: loaded only to draw, not for `report --help`
        try:
            return run_verb(argv)
        except BrokenPipeError:
            # Output piped into `head` or similar that stopped reading: not an error.
            sys.stderr.close()
            return 0
    if argv and argv[0] in ("-h", "--help"):
        build_parser().print_help()
        return 0
    self_test = bool(argv) and argv[0] == "--self-test"
    if self_test:
        argv = argv[1:]
    if len(argv) > 1 or (argv and argv[0].startswith("-")):
        build_parser().print_usage(sys.stderr)
        print(f"circles: unknown verb or option {argv[0]!r}; see --help", file=sys.stderr)
        return 2
    _import_before_qt()
    from app.views.shell.app_main import run_gui

    return run_gui(argv[0] if argv else None, self_test=self_test)


def _import_before_qt() -> None:
    # The window's shell paints before the data layer loads (SQLAlchemy, numpy, the map:
    # about 0.4 s, app/views/shell/after_paint.py open_later), so nothing of it is imported
    # here any more; only the collector is set up, before the thousands of objects Qt's
    # and the app's imports make.
    from app.views.shell import gc_policy  # no Qt: Python's collector only

    gc_policy.configure()


def _run_helper(args: list[str]) -> int:
    import os

    from app.services.prompts.process import main as helper

    code = helper(args)
    # As the helper's own entry does: nothing to save, skip tearing the interpreter down.
    sys.stdout.flush()
    os._exit(code)


def _install_report_renderer() -> None:
    # The command line may not import Qt (tests/test_layers.py), but the report is drawn
    # with Qt's PDF writer: this wiring layer, outside the layers, hands the renderer to
    # the verb, and only for this verb, so the others never load Qt.
    from app.cli import report
    from app.views.report.pdf import render_pdf

    report.install_renderer(render_pdf)


if __name__ == "__main__":
    sys.exit(main())
