"""Command-line interface: typer commands that parse options and call one library function.

Exit codes: 0 success (``check``: clean), 1 some inputs failed (``check``:
findings left), 2 bad usage or (``check``) an input that could not be checked.
"""

from __future__ import annotations

import os

# Set before anything imports numpy. baogao parallelises over processes, never inside
# one, so OpenBLAS's pool of one thread per core (started when numpy is imported) only
# costs start-up — `baogao tag` on one short file: 0.645 → 0.569 s wall, median of 10 —
# and would oversubscribe the cores in a multi-job run. A value the user set is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import gc
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from baogao.errors import BaogaoError
from baogao.outputs import to_devnull

app = typer.Typer(name="baogao", help="Chinese work-report toolkit: extract, tag, check, mask.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
train_app = typer.Typer(help="Train the shipped models.", no_args_is_help=True)
app.add_typer(train_app, name="train")


class _LazyConsole:
    """A rich ``Console`` made on first use: importing rich costs every command start-up
    (about 50 ms), and a quiet batch run prints nothing with it."""

    def __init__(self, **kwargs: object) -> None:
        self._kwargs = kwargs
        self._console: object = None

    def __getattr__(self, name: str) -> object:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._kwargs)  # type: ignore[arg-type]
        return getattr(self._console, name)


err = _LazyConsole(stderr=True, highlight=False, soft_wrap=True)  # one line per message, never wrapped
out = _LazyConsole(highlight=False, soft_wrap=True)

Inputs = Annotated[list[Path], typer.Argument(help="Files or directories (walked recursively).")]
Jobs = Annotated[int | None, typer.Option("--jobs", "-j", help="Worker processes (default: all cores).")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")]
Resume = Annotated[bool, typer.Option("--resume", help="Skip inputs whose id and content hash are already in the output.")]
Ordered = Annotated[bool, typer.Option("--ordered", help="Write records in input order.")]
Engine = Annotated[str, typer.Option("--engine", help="local (process pool) or dask.")]
Scheduler = Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address (default: a LocalCluster).")]
PolicyOpt = Annotated[Path | None, typer.Option("--policy", help="Redaction policy TOML.")]
ThemesOpt = Annotated[Path | None, typer.Option("--themes", help="Theme lexicon TOML (adds to or replaces the shipped one).")]
NoNer = Annotated[bool, typer.Option("--no-ner", help="Skip the statistical NER model (rules and register only).")]
MaxBytes = Annotated[int | None, typer.Option("--max-bytes", help="Refuse input files larger than this.")]


def main() -> None:
    """Console-script entry point: typed errors become one line and their exit code."""
    try:
        app()
    except BaogaoError as exc:
        err.print(f"baogao: error: {exc}", markup=False)
        raise SystemExit(exc.exit_code) from None
    except OSError as exc:  # an output that cannot be written (no such folder, no permission, disk full)
        err.print(f"baogao: error: {_os_error(exc)}", markup=False)
        raise SystemExit(2) from None
    finally:
        # the process ends here: keep the interpreter's final collections from walking every loaded
        # module and model once more (measured 0.07-0.1 s of each command's wall time)
        gc.freeze()


def _os_error(exc: OSError) -> str:
    """One line for an OSError: the path and the system's words, no traceback."""
    where = exc.filename if exc.filename is not None else None
    return f"{where}: {exc.strerror or exc}" if where is not None else str(exc.strerror or exc)


def _fail(message: str, code: int = 2) -> None:
    err.print(f"baogao: error: {message}", markup=False)
    raise typer.Exit(code)


def _check_inputs(inputs: list[Path]) -> None:
    """Refuse a run none of whose inputs exists (a mistyped path), before any output is opened.

    When some exist, the missing ones go through the batch like any unreadable
    file: one error line and one error record each, the others are processed.
    """
    missing = [str(p) for p in inputs if not p.exists()]
    if missing and len(missing) == len(inputs):
        _fail(f"no such file or directory: {', '.join(missing)}")


def _check_output(output: Path | None, inputs: list[Path], option: str = "-o") -> None:
    """Refuse an output file that is a directory or one of the inputs (it would be truncated first)."""
    if output is None or str(output) == "-":
        return
    if output.is_dir():
        _fail(f"{output}: is a directory; {option} takes a file path")
    target = os.path.realpath(output)
    for p in inputs:
        if p.is_file() and os.path.realpath(p) == target:
            _fail(f"{output}: is also an input; writing there would destroy it (give another -o path)")


def _check_jsonl_output(output: Path | None, command: str) -> None:
    """extract and mask write JSON Lines whatever the name: refuse a table's suffix rather than put JSON in it."""
    if output is not None and output.suffix.lower() in {".csv", ".parquet"}:
        _fail(f"{output}: {command} writes JSON Lines (give a .jsonl path); CSV and Parquet tables are written by "
              "baogao tag")


def _early(load):  # type: ignore[no-untyped-def]
    """Run ``load`` (read a policy or theme file) before any output is opened: a bad file is one
    line and exit 2, and an existing output is left as it was."""
    try:
        return load()
    except BaogaoError as exc:
        _fail(str(exc))
    except OSError as exc:  # an output file that cannot be created: before the run, not after it
        _fail(_os_error(exc))


def _load_files(policy: Path | None = None, themes: Path | None = None) -> None:
    """Read the user's policy and theme lexicon up front (see :func:`_early`); the workers reuse nothing
    from this, it only makes a mistyped or malformed file fail before the run."""
    from baogao import pipeline

    if policy is not None:
        _early(lambda: pipeline._policy(str(policy)))
    if themes is not None:
        _early(lambda: pipeline._theme_lexicon(str(themes)))


def _outputs(*paths: Path | None) -> frozenset[str]:
    """Files this run writes: a directory walk must not read them back as inputs."""
    return frozenset(os.path.realpath(p) for p in paths if p is not None and str(p) != "-")


def _batch_options(jobs, ordered, resume, engine, scheduler, quiet, max_bytes=None):  # type: ignore[no-untyped-def]
    from baogao.batch import BatchOptions

    if max_bytes is not None and max_bytes < 1:
        _fail("--max-bytes must be at least 1")

    if engine not in {"local", "dask"}:
        _fail(f"--engine must be 'local' or 'dask', not {engine!r}")
    if jobs is not None and jobs < 1:
        _fail("--jobs must be at least 1")
    return BatchOptions(jobs=jobs, ordered=ordered, resume=resume, engine=engine, scheduler=scheduler,
                        progress=False if quiet else None, on_failure=_print_failure)


def _print_failure(record: dict) -> None:
    """One line on standard error per input that failed, also with --quiet: errors are never silent."""
    from baogao.redact.report import error_lines

    for line in error_lines([record]):
        err.print(line, markup=False)


def _exit(summary, inputs) -> None:  # type: ignore[no-untyped-def]
    """Exit 1 when an input failed, 2 when the inputs held no supported file at all (an empty
    folder is a mistake to report, not an empty result), else 0."""
    if summary.documents == 0:
        _fail(f"{', '.join(str(p) for p in inputs)}: no supported input files (nothing was processed)")
    raise typer.Exit(1 if summary.failed else 0)


def _run(inputs, task, sink, bopts, quiet, writes=frozenset(), write_dirs=()):  # type: ignore[no-untyped-def]
    from baogao.batch import plan, run
    from baogao.errors import OutputClosed

    # the workers hash the files they read (run() keys them here only for --resume);
    # --in-place masking rewrites them, so mask keys them first, as before
    keys = getattr(task, "in_place", False)
    max_bytes = getattr(getattr(task, "options", None), "max_bytes", None)  # also for the JSONL files plan() reads
    try:
        summary = run(plan([str(p) for p in inputs], keys=keys, exclude=writes, exclude_under=write_dirs,
                           max_bytes=max_bytes), task, sink, options=bopts)
    except OutputClosed:  # `baogao extract dir | head`: the reader has all it wants; stop quietly
        raise typer.Exit(0) from None
    if not quiet:
        err.print(summary.line(), markup=False)
    return summary


@app.command()
def extract(
    inputs: Inputs,
    output: Annotated[Path, typer.Option("--output", "-o", help="Output JSON Lines file ('-' for stdout).")] = Path("-"),
    jobs: Jobs = None, ordered: Ordered = False, resume: Resume = False, engine: Engine = "local",
    scheduler: Scheduler = None, quiet: Quiet = False, policy: PolicyOpt = None, themes: ThemesOpt = None,
    no_ner: NoNer = False, max_bytes: MaxBytes = None,
    include_text: Annotated[bool, typer.Option("--include-text", help="Copy each document's text into its record.")] = False,
) -> None:
    """Extract structure, paragraph labels, metrics, slogans, themes, keywords and sensitive spans (JSONL)."""
    from baogao.outputs import open_sink
    from baogao.pipeline import PipelineOptions
    from baogao.tasks import ExtractTask

    _check_inputs(inputs)
    _check_output(output, inputs)
    _check_jsonl_output(output, "extract")
    _load_files(policy, themes)
    opts = PipelineOptions(ner=not no_ner, include_text=include_text, policy_file=_s(policy),
                           themes_file=_s(themes), max_bytes=max_bytes)
    bopts = _batch_options(jobs, ordered, resume, engine, scheduler, quiet, max_bytes)
    sink = _early(lambda: open_sink(None if str(output) == "-" else output, fmt="jsonl", resume=resume))
    summary = _run(inputs, ExtractTask(options=opts), sink, bopts, quiet, _outputs(output))
    _exit(summary, inputs)


@app.command()
def tag(
    inputs: Inputs,
    output: Annotated[Path, typer.Option("--output", "-o", help="tags.csv, tags.parquet or tags.jsonl ('-' for stdout).")] = Path("-"),
    by: Annotated[str, typer.Option("--by", help="document or paragraph rows.")] = "document",
    jobs: Jobs = None, ordered: Ordered = False, resume: Resume = False, engine: Engine = "local",
    scheduler: Scheduler = None, quiet: Quiet = False, themes: ThemesOpt = None, max_bytes: MaxBytes = None,
) -> None:
    """Batch theme tagging: one row per document (or paragraph) with a score column per theme."""
    from baogao.outputs import open_sink
    from baogao.tasks import TAG_OPTIONS, TagTask

    _check_inputs(inputs)
    _check_output(output, inputs)
    if by not in {"document", "paragraph"}:
        _fail("--by must be 'document' or 'paragraph'")
    opts = replace(TAG_OPTIONS, themes_file=_s(themes), max_bytes=max_bytes, keywords=by == "document",
                   paragraph_themes=by == "paragraph")
    bopts = _batch_options(jobs, ordered, resume, engine, scheduler, quiet, max_bytes)
    task = TagTask(options=opts, by=by)
    columns = _early(task.columns)
    sink = _early(lambda: open_sink(None if str(output) == "-" else output, resume=resume, columns=columns))
    summary = _run(inputs, task, sink, bopts, quiet, _outputs(output))
    _exit(summary, inputs)


@app.command()
def check(
    inputs: Inputs,
    policy: PolicyOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="text, json or sarif.")] = "text",
    jobs: Jobs = None, quiet: Quiet = False, no_ner: NoNer = False, max_bytes: MaxBytes = None,
) -> None:
    """Release gate: list what must not be published. Exit 0 clean, 1 findings, 2 could not check."""
    from baogao.batch import counted
    from baogao.outputs import MemorySink
    from baogao.pipeline import PipelineOptions
    from baogao.redact.report import render_check
    from baogao.tasks import CheckTask

    if fmt not in {"text", "json", "sarif"}:
        _fail("--format must be text, json or sarif")
    _check_inputs(inputs)
    _load_files(policy)  # fail closed, before any document: a gate without its policy has checked nothing
    # the gate reads what a file publishes besides its body: HTML comments, meta tags and
    # attributes, Word comments and notes
    opts = PipelineOptions(ner=not no_ner, policy_file=_s(policy), max_bytes=max_bytes, hidden_text=True)
    # failures are part of the report (and its exit code 2); _CheckLines / the code below
    # print their `path: error:` lines on standard error
    bopts = replace(_batch_options(jobs, True, False, "local", None, True, max_bytes), on_failure=None)
    try:
        if fmt == "text":
            # lines are printed as the documents come back (in input order), so a long
            # check shows its findings while it runs and keeps no records in memory
            stream = _CheckLines()
            summary = _run(inputs, CheckTask(options=opts), stream, bopts, True)
            n, code = stream.findings, stream.code
        else:
            sink = MemorySink()
            summary = _run(inputs, CheckTask(options=opts), sink, bopts, True)
    except BaogaoError as exc:  # the run itself failed (a model, the policy): could not check
        _fail(str(exc))
    if summary.documents == 0:  # a directory without a single supported file: nothing was checked
        _fail(f"{', '.join(str(p) for p in inputs)}: no supported input files (nothing was checked)")
    if fmt != "text":
        from baogao.redact.report import error_lines, note_lines

        text, code = render_check(sink.records, fmt=fmt)
        print(text)
        for line in error_lines(sink.records) + note_lines(sink.records):  # also in the report; a person reads stderr
            err.print(line, markup=False)
        n = sum(len(r.get("findings", [])) for r in sink.records)
    if not quiet:
        err.print(f"checked {counted(summary.ok + summary.failed, 'document')}: {counted(n, 'finding')}, "
                  f"{summary.failed} could not be checked", markup=False)
    raise typer.Exit(code)


@app.command()
def mask(
    inputs: Inputs,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="JSON Lines of {id, text} masked records ('-' for stdout).")] = None,
    output_dir: Annotated[Path | None, typer.Option("--output-dir", help="Write masked copies under this directory.")] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="Overwrite the originals (atomically).")] = False,
    style: Annotated[str | None, typer.Option("--style", help="keep-length, fixed, label or numbered (default: the policy's mask.style, else keep-length).", show_default=False)] = None,
    vault: Annotated[Path | None, typer.Option("--vault", help="Write the reversal mapping here (0600).")] = None,
    policy: PolicyOpt = None, jobs: Jobs = None, resume: Resume = False, quiet: Quiet = False,
    no_ner: NoNer = False, max_bytes: MaxBytes = None,
) -> None:
    """Mask sensitive spans and leftover markup; originals are untouched unless --in-place."""
    from baogao.outputs import open_sink
    from baogao.pipeline import PipelineOptions
    from baogao.redact.vault import VaultWriter
    from baogao.tasks import MaskTask, output_base

    _check_inputs(inputs)
    targets = sum(x is not None and x is not False for x in (output, output_dir, in_place or None))
    if targets != 1:
        _fail("give exactly one of -o OUT.jsonl, --output-dir DIR, --in-place")
    if style is not None and style not in {"keep-length", "fixed", "label", "numbered"}:
        _fail("--style must be keep-length, fixed, label or numbered")
    _check_output(output, inputs)
    _check_jsonl_output(output, "mask -o")
    _check_output(vault, inputs, "--vault")
    _load_files(policy)
    base = output_base([str(p) for p in inputs if p.exists()])  # what --output-dir mirrors
    if output_dir is not None or in_place:
        _check_file_targets(inputs, output_dir, base)
    opts = PipelineOptions(ner=not no_ner, policy_file=_s(policy), max_bytes=max_bytes)
    task = MaskTask(options=opts, style=style, output_dir=_s(output_dir), in_place=in_place, base=base,
                    vault=vault is not None)
    bopts = _batch_options(jobs, True, resume, "local", None, quiet, max_bytes)
    # reads an existing vault and writes it back at once: a vault that cannot be written fails before any file
    # is masked (with --in-place the vault is the only way back to the originals)
    sink = _early(lambda: VaultWriter(vault, None)) if vault else None
    inner = (_early(lambda: open_sink(None if str(output) == "-" else output, fmt="jsonl", resume=resume))
             if output else None)
    if sink is not None:
        sink.inner = inner
    summary = _run(inputs, task, sink or inner or _NullSink(), bopts, quiet, _outputs(output, vault),
                   _outputs(output_dir))
    _exit(summary, inputs)


def _check_file_targets(inputs: list[Path], output_dir: Path | None, base: str) -> None:
    """--in-place / --output-dir write whole files: refuse what would lose data before anything runs."""
    for p in inputs:
        if p.is_file() and p.suffix.lower() == ".jsonl":
            _fail(f"{p}: JSONL records are masked into -o OUT.jsonl, not with --in-place or --output-dir")
    if output_dir is None:
        return
    if output_dir.exists() and not output_dir.is_dir():
        _fail(f"{output_dir}: --output-dir exists and is not a directory")
    if os.path.realpath(base) == os.path.realpath(output_dir):
        _fail(f"{output_dir}: --output-dir is where the inputs are; the copies would overwrite them "
              "(use --in-place for that, or another directory)")


class _NullSink:
    """Sink for --output-dir / --in-place: the files are the output; records are only counted."""

    def write(self, records: list[dict]) -> None:
        pass  # failures are printed by the batch's on_failure hook, as for every command

    def close(self) -> None:
        pass

    def done_keys(self) -> set[tuple[str, str]]:
        return set()


class _CheckLines(_NullSink):
    """Sink for ``check --format text``: prints each batch's lines at once and keeps only the counts.

    Findings go to standard output (the report), inputs that could not be checked to standard error.
    """

    def __init__(self) -> None:
        self.findings = 0
        self.code = 0
        self._closed_pipe = False

    def write(self, records: list[dict]) -> None:
        from baogao.redact.report import error_lines, exit_code, finding_lines, note_lines

        self.findings += sum(len(r.get("findings") or ()) for r in records)
        self.code = max(self.code, exit_code(records))  # 2 (could not check) > 1 (findings) > 0
        for line in error_lines(records):  # like every command's failures: on standard error
            err.print(line, markup=False)
        for line in note_lines(records):
            err.print(line, markup=False)
        lines = finding_lines(records)
        if lines and not self._closed_pipe:
            try:
                sys.stdout.write("\n".join(lines) + "\n")
                sys.stdout.flush()
            except BrokenPipeError:  # `baogao check dir | head`: stop printing, still decide the exit code
                self._closed_pipe = True
                to_devnull(sys.stdout)


@app.command()
def unmask(
    file: Annotated[Path, typer.Argument(help="A masked text file.")],
    vault: Annotated[Path, typer.Option("--vault", help="The mapping written by mask --vault.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here, in the masked file's encoding.")] = None,
) -> None:
    """Reverse a masking done with --vault (every style), byte for byte."""
    from baogao.errors import ReadError
    from baogao.io.text import encode_like
    from baogao.redact.vault import unmask_file
    from baogao.tasks import write_atomic

    if output is not None and output.is_dir():
        _fail(f"{output}: is a directory; -o takes a file path")
    try:
        text, encoding, bom = unmask_file(file, vault)
    except ReadError as exc:
        _fail(str(exc))
    if output:
        write_atomic(output, encode_like(text, encoding, bom)[0])
    else:
        sys.stdout.write(text)


@app.command()
def segment(
    file: Annotated[Path, typer.Argument(help="A report file.")],
    backend: Annotated[str | None, typer.Option("--backend", help="jieba or rjieba (default: rjieba, measured identical and faster).")] = None,
    offsets: Annotated[bool, typer.Option("--offsets", help="Print word<TAB>start<TAB>end lines; offsets index the decoded original, as in extract.")] = False,
) -> None:
    """Print the tokens of the normalised text (domain dictionary, placeholders whole)."""
    from baogao.io import read_path
    from baogao.normalize import normalize
    from baogao.segment import get_segmenter

    seg = get_segmenter(backend)
    write = _stdout_lines()
    for doc in read_path(file):
        norm = normalize(doc.text)
        if offsets:
            for w, s, e in seg.tokenize(norm.text):
                if w.strip():
                    start, end = norm.span_to_original(s, e)
                    write(f"{w}\t{start}\t{end}")
        else:
            for line in norm.text.split("\n"):
                if line.strip():
                    write(" / ".join(w for w in seg.cut(line) if w.strip()))


def _stdout_lines():  # type: ignore[no-untyped-def]
    """Plain lines on standard output: no tab expansion, no wrapping, no markup (``cut -f`` and pipes work);
    a reader that goes away (``| head``) ends the output quietly."""
    def write(line: str) -> None:
        try:
            sys.stdout.write(line + "\n")
        except BrokenPipeError:
            to_devnull(sys.stdout)
            raise typer.Exit(0) from None

    return write


@app.command()
def sections(
    file: Annotated[Path, typer.Argument(help="A report file.")],
    all_paragraphs: Annotated[bool, typer.Option("--all", help="Show body paragraphs too, not only headings.")] = False,
) -> None:
    """Print the outline as a tree: headings with their section labels and confidence."""
    from baogao.classify.sections import load_model
    from baogao.io import read_path
    from baogao.pipeline import PipelineOptions, analyze
    from baogao.view.outline import render_outline

    _early(load_model)  # the outline is the labels: a missing or broken model is an error, not a bare tree
    opts = PipelineOptions(metrics=False, slogans=False, themes=False, keywords=False, redact=False)
    # redirected or piped: never cut lines at a terminal width that is not there
    console = out if sys.stdout.isatty() else _LazyConsole(highlight=False, soft_wrap=True, width=100_000)
    for doc in read_path(file):
        console.print(render_outline(analyze(doc, options=opts), all_paragraphs=all_paragraphs))


@app.command("eval")
def evaluate(
    gold: Annotated[list[Path], typer.Argument(help="Gold JSONL files (shared/eval format).")],
    task: Annotated[list[str] | None, typer.Option("--task", help="paragraphs, metrics, slogans, themes, sensitive, entities, masked (default: all the gold has).")] = None,
    predictions: Annotated[Path | None, typer.Option("--predictions", "-p", help="Score this prediction file instead of running the pipeline.")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the scores as JSON here.")] = None,
    no_ner: NoNer = False,
) -> None:
    """Run the pipeline on gold texts and print the FORMAT.md scores as a table and as JSON."""
    from baogao.evaluate import check_tasks, evaluate_files, render_table

    try:
        check_tasks(task)  # a mistyped --task would score nothing and exit 0
    except BaogaoError as exc:
        _fail(str(exc))
    scores = evaluate_files(gold, tasks=task, predictions=predictions, ner=not no_ner)
    out.print(render_table(scores))
    payload = json.dumps(scores, ensure_ascii=False, indent=1)
    if json_out:
        json_out.write_text(payload, encoding="utf-8")
    else:
        out.print(payload, markup=False)


@train_app.command("sections")
def train_sections(
    data: Annotated[list[Path], typer.Option("--data", help="Gold JSONL files with paragraph labels.")],
    more: Annotated[list[Path] | None, typer.Argument(help="More gold files: --data a.jsonl b.jsonl c.jsonl.",
                                                      show_default=False)] = None,
    output: Annotated[Path, typer.Option("--output", "-o")] = Path("models/sections.skops"),
    seed: int = 0,
) -> None:
    """Train the paragraph section classifier (saved with skops)."""
    from baogao.classify.sections import train

    files = [*data, *(more or [])]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        _fail(f"no such file: {', '.join(missing)}")
    report = train(files, output, seed=seed)
    out.print(json.dumps(report, ensure_ascii=False, indent=1), markup=False)


@train_app.command("ner")
def train_ner(
    data: Annotated[Path, typer.Option("--data", help="CLUENER-style JSONL (text + sensitive spans).")],
    dev: Annotated[Path | None, typer.Option("--dev", help="Dev JSONL to score.")] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write only the CRF here (default: replace the shipped model and its tables)."
        ),
    ] = None,
) -> None:
    """Train the PERSON/ORG/LOCATION NER model (as scripts/train_ner.py; a few minutes)."""
    from baogao.redact.recognizers.ner_train import main as train_main

    for path in (data, dev):
        if path is not None and not path.is_file():
            raise typer.BadParameter(f"{path}: no such file")
    argv = ["--train", str(data)]
    if dev is not None:
        argv += ["--dev", str(dev)]
    if output is not None:
        argv += ["--out", str(output)]
    raise typer.Exit(train_main(argv))


@train_app.command("ner-spans")
def train_ner_spans(
    data: Annotated[Path | None, typer.Option("--data", help="CLUENER-style training JSONL (default: shared).")] = None,
    work: Annotated[Path | None, typer.Option("--work", help="Where the five folds' CRFs are kept.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", min=1, help="Folds trained at once.")] = 2,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Span model file (default: the shipped one).")] = None,
    no_write: Annotated[bool, typer.Option("--no-write", help="Figures only; write no model.")] = False,
) -> None:
    """Fit the NER span model on cross-fitted CRF output (as scripts/train_ner_spans.py; ~20 min, then seconds)."""
    from baogao.redact.recognizers.ner_spans_train import main as train_main

    if data is not None and not data.is_file():
        _fail(f"{data}: no such file")
    argv = [*(["--train", str(data)] if data is not None else []), *(["--work", str(work)] if work else []),
            "--jobs", str(jobs), *(["--out", str(output)] if output is not None else []),
            *(["--no-write"] if no_write else [])]  # fmt: skip
    raise typer.Exit(train_main(argv))


@train_app.command("themes")
def train_themes(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Model file (default: the shipped one).")] = None,
    no_cv: Annotated[bool, typer.Option("--no-cv", help="Skip the cross-validation.")] = False,
    no_write: Annotated[bool, typer.Option("--no-write", help="Figures only; write no model.")] = False,
) -> None:
    """Train the theme model on the repository's labelled reports (as scripts/train_themes.py; about a minute)."""
    from baogao.classify.themes_train import main as train_main

    argv = [*(["--output", str(output)] if output is not None else []), *(["--no-cv"] if no_cv else []),
            *(["--no-write"] if no_write else [])]
    raise typer.Exit(train_main(argv))


@train_app.command("sensitive")
def train_sensitive(
    data: Annotated[
        list[Path] | None,
        typer.Option("--data", help="Gold JSONL files with sensitive spans (default: the repository's sets)."),
    ] = None,
    test: Annotated[list[Path] | None, typer.Option("--test", help="Gold JSONL files to score only.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Weights file (.npz) to write.")] = None,
    cv: Annotated[bool, typer.Option("--cv", help="Grouped cross-validation over the data files first.")] = False,
) -> None:
    """Train the report-trained sensitive-span tagger (as scripts/train_sensitive.py; a few minutes)."""
    from baogao.redact.recognizers.sensitive_train import main as train_main

    missing = [str(p) for p in [*(data or []), *(test or [])] if not p.is_file()]
    if missing:
        _fail(f"no such file: {', '.join(missing)}")
    argv: list[str] = []
    if data:
        argv += ["--data", *map(str, data)]
    if test:
        argv += ["--test", *map(str, test)]
    if output is not None:
        argv += ["--out", str(output)]
    if cv:
        argv.append("--cv")
    raise typer.Exit(train_main(argv))


@app.command()
def view(
    file: Annotated[Path, typer.Argument(help="A report file.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML page to write.")] = Path("review.html"),
    policy: PolicyOpt = None, no_ner: NoNer = False,
) -> None:
    """Write a self-contained HTML review page (highlights, outline, themes, masked preview).

    A JSONL file gets one section per record, after a table of contents.
    """
    from baogao.view.html import write_review

    if output.is_dir():
        _fail(f"{output}: is a directory; -o takes a file path")
    _load_files(policy)
    shown, failed = write_review(file, output, policy=policy, ner=not no_ner)
    for line in failed:
        err.print(f"{line} (not on the page)", markup=False)
    err.print(f"wrote {output}" + (f" ({shown} documents)" if shown > 1 else ""), markup=False)
    if failed:
        raise typer.Exit(1)


@app.command()
def trends(
    results: Annotated[list[Path], typer.Argument(help="Output of baogao extract or baogao tag (JSONL).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="trends.png or trends.html")] = Path("trends.png"),
) -> None:
    """Theme share and top keywords per year, drawn with matplotlib."""
    from baogao.view.trends import write_trends

    write_trends(results, output)
    err.print(f"wrote {output}", markup=False)


def _s(p: Path | None) -> str | None:
    return str(p) if p is not None else None
