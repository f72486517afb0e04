"""Writes that cannot lose text: fix --write, migrate --write and every output file, run as
real processes against the unlucky and the hostile. The draft is replaced only if it is still the
file that was read; read-only files, hard links and other owners are respected; a full disk, a
size limit, a permission or a signal ends in one line, with nothing half-written and no
temporary file left."""

from __future__ import annotations

import os
import random
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

SAMPLES = ROOT / "samples" / "tip-2010"
FLAWED = SAMPLES / "flawed-draft.txt"  # fix changes two labels in it
DRAFT_2009 = ROOT / "samples" / "tip-2009" / "draft-2009.txt"
MIGRATE = ["migrate", "--from", "tip-2009", "--to", "tip-2010"]


def run(*args, cwd=None, preexec=None, user=None, timeout=120):
    command = [sys.executable, "-m", "checker", *map(str, args)]
    if user is not None:
        command = as_user(user, command)
    return subprocess.run(
        command, capture_output=True, text=True, cwd=cwd, preexec_fn=preexec, timeout=timeout, check=False
    )


def driver(tmp_path: Path, patch: str, argv: list[str]) -> subprocess.CompletedProcess[str]:
    """checker run with `patch` applied first: how a test edits the draft, or sends a signal, at an
    exact moment inside the run."""
    script = tmp_path / "driver.py"
    run_it = f"\nimport sys\nsys.argv = ['checker', *{argv!r}]\nfrom checker.cli import main\nmain()\n"
    script.write_text(textwrap.dedent(patch) + run_it)
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False)


def only_files(folder: Path) -> list[str]:
    """What the folder holds: no temporary file may be left beside a draft or an output."""
    return sorted(p.name for p in folder.iterdir() if p.name != "driver.py")


def copy_of(source: Path, folder: Path, name: str = "draft.txt") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    shutil.copy(source, target)
    target.chmod(0o644)
    return target


# --------------------------------------------------------------------------- edited meanwhile

EDIT_AFTER_PLAN = """
import os
import checker.rewrite.{module} as module
real = module._verify
def verify_then_save(*args, **kwargs):
    real(*args, **kwargs)
    path = {path!r}
    status = os.stat(path)
    with open(path, "r+b") as draft:  # the drafter saves in the editor: same size, same time
        data = draft.read()
        draft.seek(0)
        draft.write(data.replace(b"{old}", b"{new}", 1))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
module._verify = verify_then_save
"""


@pytest.mark.parametrize(
    ("command", "source", "module", "old", "new"),
    [
        (["fix"], FLAWED, "fix", "Prime Minister", "Prime Ministry"),
        (MIGRATE, DRAFT_2009, "migrate", "Prime Minister", "Prime Ministry"),
    ],
)
def test_a_draft_saved_between_read_and_write_is_not_written_over(tmp_path, command, source, module, old, new):
    draft = copy_of(source, tmp_path)
    assert old.encode() in draft.read_bytes()
    saved = draft.read_bytes().replace(old.encode(), new.encode(), 1)
    patch = EDIT_AFTER_PLAN.format(module=module, path=str(draft), old=old, new=new)
    result = driver(tmp_path, patch, [*command, "--write", "--no-config", str(draft)])
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        f"{draft}: changed since checker read it (saved in an editor meanwhile?); nothing was written, "
        "so your changes are kept; run checker again"
    ]
    assert draft.read_bytes() == saved  # the edit is there, same size and time: the digest told
    assert only_files(tmp_path) == ["draft.txt"]


def test_a_draft_saved_while_the_new_text_is_written_is_not_written_over(tmp_path):
    draft = copy_of(FLAWED, tmp_path)
    patch = f"""
    import checker.write.files as files
    real = files._keep_attributes
    def save_meanwhile(*args):
        with open({str(draft)!r}, "a") as out:
            out.write("a paragraph the drafter added\\n")
        real(*args)
    files._keep_attributes = save_meanwhile
    """
    result = driver(tmp_path, patch, ["fix", "--write", "--no-config", str(draft)])
    assert result.returncode == 2 and "changed since checker read it" in result.stderr
    assert draft.read_bytes() == FLAWED.read_bytes() + b"a paragraph the drafter added\n"
    assert only_files(tmp_path) == ["draft.txt"]


def test_one_draft_refused_does_not_stop_the_others(tmp_path):
    first, second = copy_of(FLAWED, tmp_path, "a.txt"), copy_of(FLAWED, tmp_path, "b.txt")
    first.chmod(0o444)
    result = run("fix", "--write", "--no-config", first, second)
    assert result.returncode == 2
    assert f"{second}: fixed (2 change(s))" in result.stdout
    assert result.stderr.splitlines() == [
        f"{first}: is read-only; nothing was written; make it writable (chmod u+w), or pass --force to replace "
        "it anyway"
    ]
    assert first.read_bytes() == FLAWED.read_bytes() and second.read_bytes() != FLAWED.read_bytes()


# --------------------------------------------------------------------------- permissions, links, owners


@pytest.mark.parametrize(("command", "source"), [(["fix"], FLAWED), (MIGRATE, DRAFT_2009)])
def test_a_read_only_draft_is_refused_unless_forced(tmp_path, command, source):
    draft = copy_of(source, tmp_path)
    draft.chmod(0o444)
    refused = run(*command, "--write", "--no-config", draft)
    assert refused.returncode == 2
    assert refused.stderr.splitlines() == [
        f"{draft}: is read-only; nothing was written; make it writable (chmod u+w), or pass --force to replace "
        "it anyway"
    ]
    assert draft.read_bytes() == source.read_bytes()
    forced = run(*command, "--write", "--force", "--no-config", draft)
    assert forced.returncode in (0, 1), forced.stderr
    assert draft.read_bytes() != source.read_bytes()
    assert stat.S_IMODE(draft.stat().st_mode) == 0o444  # still read-only, as it was
    assert only_files(tmp_path) == ["draft.txt"]


def test_a_draft_with_hard_links_is_refused_and_both_names_keep_the_same_text(tmp_path):
    draft = copy_of(FLAWED, tmp_path)
    other = tmp_path / "other-name.txt"
    os.link(draft, other)
    result = run("fix", "--write", "--no-config", draft)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{draft}: has 2 names (hard links), and replacing it would leave the others with the old text; nothing "
        f"was written; apply the diff by hand, or make it a file of its own (cp {draft} copy && mv copy {draft}) first"
    ]
    assert os.path.samefile(draft, other) and draft.read_bytes() == FLAWED.read_bytes()


def test_a_replaced_draft_keeps_its_permissions_and_a_symbolic_link_stays_a_link(tmp_path):
    draft = copy_of(FLAWED, tmp_path / "real")
    draft.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(draft)
    result = run("fix", "--write", "--no-config", link)
    assert result.returncode in (0, 1), result.stderr
    assert link.is_symlink() and draft.read_bytes() != FLAWED.read_bytes()
    assert stat.S_IMODE(draft.stat().st_mode) == 0o640


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="needs root, to give files to another user")
NOBODY = 65534


@needs_root
@pytest.mark.parametrize(
    ("command", "source"),
    [(["fix", "--write"], FLAWED), ([*MIGRATE, "--write"], DRAFT_2009)],
)
def test_a_draft_fixed_by_root_keeps_its_owner_and_group(tmp_path, command, source):
    draft = copy_of(source, tmp_path)
    os.chown(draft, NOBODY, NOBODY)
    result = run(*command, "--no-config", draft)
    assert result.returncode in (0, 1), result.stderr
    assert draft.read_bytes() != source.read_bytes()
    assert (draft.stat().st_uid, draft.stat().st_gid) == (NOBODY, NOBODY)


@needs_root
def test_an_output_written_by_root_over_a_users_file_keeps_its_owner(tmp_path):
    report = tmp_path / "report.html"
    report.write_text("old")
    os.chown(report, NOBODY, NOBODY)
    result = run("coverage", "-f", "html", "-o", report, "--no-config", SAMPLES / "draft.md")
    assert result.returncode == 0, result.stderr
    assert report.read_text().startswith("<!DOCTYPE html>") and report.stat().st_uid == NOBODY


def as_user(uid: int, command: list[str]) -> list[str]:
    return ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", *command]


def can_run_as_nobody() -> bool:
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        return False
    try:
        probe = subprocess.run(as_user(NOBODY, [sys.executable, "-c", "import checker"]), capture_output=True)
    except OSError:
        return False
    return probe.returncode == 0


needs_other_user = pytest.mark.skipif(not can_run_as_nobody(), reason="needs root and setpriv to run as nobody")


@pytest.fixture
def open_tmp():
    """A folder another user can reach (pytest's own are private to the user running the tests)."""
    folder = Path(tempfile.mkdtemp(prefix="checker-safety-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@needs_other_user
def test_as_another_user_a_draft_in_a_folder_one_cannot_write_is_one_line(open_tmp):
    tmp_path = open_tmp
    folder = tmp_path / "locked"
    draft = copy_of(FLAWED, folder)
    os.chown(draft, NOBODY, NOBODY)  # the draft is nobody's, the folder is not
    folder.chmod(0o755)
    result = run("fix", "--write", "--no-config", draft, user=NOBODY)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{draft}: cannot write (the folder {folder} is not writable (permission denied)); the draft is unchanged; "
        "make the folder writable, or write somewhere else"
    ]
    assert draft.read_bytes() == FLAWED.read_bytes() and only_files(folder) == ["draft.txt"]


@needs_other_user
def test_as_another_user_a_draft_that_belongs_to_someone_else_is_refused_forced_or_not(open_tmp):
    tmp_path = open_tmp
    tmp_path.chmod(0o777)  # a shared folder: anyone may make files in it
    draft = copy_of(FLAWED, tmp_path)  # root's, 0644: nobody may read it, not write it
    for force in ([], ["--force"]):
        result = run("fix", "--write", *force, "--no-config", draft, user=NOBODY)
        assert result.returncode == 2
        assert result.stderr.splitlines() == [
            f"{draft}: belongs to user root, and the new file would belong to you; nothing was written; run "
            "checker as user root, or apply the diff by hand"
        ]
    assert draft.read_bytes() == FLAWED.read_bytes() and draft.stat().st_uid == 0
    assert only_files(tmp_path) == ["draft.txt"]


@needs_other_user
def test_as_another_user_ones_own_read_only_draft_needs_force(open_tmp):
    draft = copy_of(FLAWED, open_tmp)
    os.chown(draft, NOBODY, NOBODY)
    os.chown(open_tmp, NOBODY, NOBODY)
    draft.chmod(0o444)
    refused = run("fix", "--write", "--no-config", draft, user=NOBODY)
    assert refused.returncode == 2 and "is read-only; nothing was written" in refused.stderr
    forced = run("fix", "--write", "--force", "--no-config", draft, user=NOBODY)
    assert forced.returncode in (0, 1), forced.stderr
    assert draft.read_bytes() != FLAWED.read_bytes()
    assert (draft.stat().st_uid, stat.S_IMODE(draft.stat().st_mode)) == (NOBODY, 0o444)


@needs_other_user
def test_as_another_user_outputs_into_a_folder_one_cannot_write_are_one_line(open_tmp):
    tmp_path = open_tmp
    draft = copy_of(SAMPLES / "draft.md", tmp_path / "drafts", "draft.md")
    for command, target in (
        (["coverage", "-f", "csv", "-o"], tmp_path / "cov.csv"),
        (["lint", "--write-baseline"], tmp_path / "baseline.json"),
    ):
        result = run(*command, target, "--no-config", draft, user=NOBODY)
        assert result.returncode == 2, result.stderr
        assert result.stderr.splitlines()[-1] == (
            f"{target}: cannot write (the folder {tmp_path} is not writable (permission denied)); nothing was "
            "written; make the folder writable, or write somewhere else"
        )
        assert not target.exists()


# --------------------------------------------------------------------------- a full disk, a size limit


def limit_file_size(size: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return apply


@pytest.mark.parametrize(
    ("command", "source"),
    [(["fix", "--write"], FLAWED), ([*MIGRATE, "--write"], DRAFT_2009)],
)
def test_a_size_limit_leaves_the_draft_whole_in_one_line(tmp_path, command, source):
    draft = copy_of(source, tmp_path)  # larger than the limit: its replacement cannot be written
    result = run(*command, "--no-config", draft, preexec=limit_file_size(8192))
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"{draft}: cannot write (larger than this process may write (ulimit -f)); the draft is unchanged; "
        "raise the limit (ulimit -f unlimited) and run again"
    )
    assert draft.read_bytes() == source.read_bytes() and only_files(tmp_path) == ["draft.txt"]


@pytest.mark.parametrize(
    "command",
    [
        ["coverage", "-f", "html", "-o", "{out}"],
        ["lint", "-f", "json", "--write-baseline", "{out}"],
    ],
)
def test_a_size_limit_on_an_output_is_one_line_and_the_old_output_stays(tmp_path, command):
    out = tmp_path / "out"
    out.write_text("the old output")
    args = [str(out) if a == "{out}" else a for a in command]
    drafts = [SAMPLES / "flawed-draft.txt", SAMPLES / "clean-draft.txt", SAMPLES / "draft.md"]
    result = run(*args, "--no-config", *drafts, preexec=limit_file_size(4096))
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        f"{out}: cannot write (larger than this process may write (ulimit -f)); the old file is unchanged; "
        "raise the limit (ulimit -f unlimited) and run again"
    )
    assert out.read_text() == "the old output" and only_files(tmp_path) == ["out"]


@pytest.mark.parametrize("command", [["lint", "-f", "sarif"], ["coverage", "-f", "html"], ["fix"]])
def test_standard_output_to_a_file_past_a_size_limit_is_one_line_not_silently_cut(tmp_path, command):
    drafts = [SAMPLES / "flawed-draft.txt", SAMPLES / "draft.md"]
    with open(tmp_path / "out", "w") as out:
        result = subprocess.run(
            [sys.executable, "-m", "checker", *command, "--no-config", *map(str, drafts)],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=limit_file_size(1024),
            check=False,
        )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "checker: cannot write the output (larger than the size limit, ulimit -f); it is incomplete; "
        "free some space or raise the limit"
    ]


@pytest.fixture
def tiny_disk(tmp_path):
    """A 64 KB file system (tmpfs), where the machine lets the tests mount one."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a small tmpfs")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode(errors='replace').strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True, check=False)


def fill(disk: Path, leave: int) -> None:
    """Fill the disk but for about `leave` bytes."""
    free = shutil.disk_usage(disk).free
    with open(disk / "filler", "wb") as filler:
        filler.write(b"\0" * max(0, free - leave))


@pytest.mark.parametrize(
    ("command", "source"),
    [(["fix", "--write"], FLAWED), ([*MIGRATE, "--write"], DRAFT_2009)],
)
def test_a_full_disk_leaves_the_draft_whole_in_one_line(tiny_disk, command, source):
    draft = copy_of(source, tiny_disk)
    fill(tiny_disk, 4096)
    result = run(*command, "--no-config", draft)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"{draft}: cannot write (the disk is full); the draft is unchanged; free some space and run again"
    )
    assert draft.read_bytes() == source.read_bytes()
    assert only_files(tiny_disk) == ["draft.txt", "filler"]


def test_a_full_disk_under_an_output_is_one_line(tiny_disk):
    fill(tiny_disk, 4096)
    target = tiny_disk / "coverage.html"
    result = run("coverage", "-f", "html", "-o", target, "--no-config", SAMPLES / "flawed-draft.txt")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{target}: cannot write (the disk is full); nothing was written; free some space and run again"
    ]
    assert only_files(tiny_disk) == ["filler"]


# --------------------------------------------------------------------------- signals mid-write

SIGNAL_WHILE_WRITING = """
import os, signal
import checker.write.files as files
real = files._keep_attributes
def signalled(*args):
    os.kill(os.getpid(), signal.{name})  # arrives with the new text half on its way to the disk
    real(*args)
files._keep_attributes = signalled
"""


@pytest.mark.parametrize(("name", "code"), [("SIGTERM", 143), ("SIGINT", 130), ("SIGHUP", 129)])
@pytest.mark.parametrize(
    ("command", "source"),
    [(["fix", "--write"], FLAWED), ([*MIGRATE, "--write"], DRAFT_2009), (["coverage", "-o", "out.txt"], FLAWED)],
)
def test_a_signal_during_a_write_waits_for_it_and_leaves_no_temporary_file(tmp_path, name, code, command, source):
    draft = copy_of(source, tmp_path)
    argv = [str(tmp_path / a) if a == "out.txt" else a for a in command]
    result = driver(tmp_path, SIGNAL_WHILE_WRITING.format(name=name), [*argv, "--no-config", str(draft)])
    assert result.returncode == code, result.stderr
    shown = "Ctrl-C" if name == "SIGINT" else name
    assert result.stderr.splitlines() == [f"checker: stopped by {shown}; no file was left half-written"]
    if command[0] == "coverage":
        assert only_files(tmp_path) == ["draft.txt", "out.txt"]
        assert (tmp_path / "out.txt").read_text().rstrip().endswith("partial, w weak, e empty, m missing).") or (
            "Coverage" in (tmp_path / "out.txt").read_text()
        )
    else:
        assert only_files(tmp_path) == ["draft.txt"]
        assert draft.read_bytes() != source.read_bytes()  # the write that had begun was finished


def big_draft(folder: Path) -> Path:
    """The flawed cable with its answers padded to about 2 MB: a write long enough to be hit."""
    text = FLAWED.read_text(encoding="utf-8")
    padding = "The ministry reported further figures for the period under review. " * 400 + "\n"
    at = text.index("\n", text.index("TIP SITUATION")) + 1
    draft = folder / "big.txt"
    draft.write_text(text[:at] + padding * 70 + text[at:], encoding="utf-8")
    return draft


def test_sigterm_at_any_moment_of_fix_write_leaves_the_draft_old_or_new_and_no_temporary_file(tmp_path):
    draft = big_draft(tmp_path)
    old = draft.read_bytes()
    first = run("fix", "--write", "--no-config", draft)
    assert first.returncode in (0, 1), first.stderr
    new = draft.read_bytes()
    assert new != old
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "checker", "fix", "--write", "--no-config", str(draft)])
    process.wait()
    took = time.monotonic() - started
    rng = random.Random(12)
    for _ in range(12):
        draft.write_bytes(old)
        process = subprocess.Popen(
            [sys.executable, "-m", "checker", "fix", "--write", "--no-config", str(draft)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        time.sleep(rng.uniform(0.5, 1.0) * took)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
        assert process.returncode in (0, 1, 143, -signal.SIGTERM), err
        assert b"Traceback" not in err
        assert draft.read_bytes() in (old, new)
        assert only_files(tmp_path) == ["big.txt"]


# --------------------------------------------------------------------------- outputs


def test_an_output_that_is_a_symbolic_link_is_refused(tmp_path):
    victim = tmp_path / "authorized_keys"
    victim.write_text("ssh-ed25519 AAAA... user@host\n")
    (tmp_path / "coverage.html").symlink_to(victim)
    result = run("coverage", "-f", "html", "-o", tmp_path / "coverage.html", "--no-config", SAMPLES / "draft.md")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{tmp_path / 'coverage.html'}: is a symbolic link; checker does not write outputs through links; "
        "give the real path"
    ]
    assert victim.read_text() == "ssh-ed25519 AAAA... user@host\n"


def test_a_read_only_output_is_refused(tmp_path):
    target = tmp_path / "baseline.json"
    target.write_text("{}")
    target.chmod(0o444)
    result = run("lint", "--write-baseline", target, "--no-config", SAMPLES / "draft.md")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{target}: is read-only; nothing was written; make it writable (chmod u+w) or give another file name"
    ]
    assert target.read_text() == "{}"


def test_new_never_writes_over_a_file_made_while_it_ran(tmp_path):
    target = tmp_path / "draft.txt"
    patch = f"""
    import checker.write.files as files
    real = files._keep_attributes
    def someone_saves(*args):
        with open({str(target)!r}, "w") as out:
            out.write("the drafter's own text")
        real(*args)
    files._keep_attributes = someone_saves
    """
    result = driver(tmp_path, patch, ["new", "-Q", "tip-2010", "-o", str(target)])
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{target}: already exists; checker new never writes over a draft, choose another name"
    ]
    assert target.read_text() == "the drafter's own text" and only_files(tmp_path) == ["draft.txt"]


def test_a_draft_whose_name_is_as_long_as_a_folder_allows_can_be_fixed(tmp_path):
    """The temporary file is named after the draft, cut short: a 254-byte name left it no room."""
    draft = copy_of(FLAWED, tmp_path, "d" * 250 + ".txt")
    result = run("fix", "--write", "--no-config", draft)
    assert result.returncode in (0, 1), result.stderr
    assert draft.read_bytes() != FLAWED.read_bytes() and only_files(tmp_path) == [draft.name]


def test_a_draft_on_a_read_only_file_system_says_so_rather_than_suggest_force(tiny_disk):
    draft = copy_of(FLAWED, tiny_disk)
    remounted = subprocess.run(["mount", "-o", "remount,ro", str(tiny_disk)], capture_output=True)
    if remounted.returncode != 0:
        pytest.skip("cannot remount the tmpfs read-only here")
    for force in ([], ["--force"]):
        result = run("fix", "--write", *force, "--no-config", draft)
        assert result.returncode == 2
        assert result.stderr.splitlines() == [
            f"{draft}: cannot write (the file system is read-only); the draft is unchanged; write somewhere else"
        ]
    assert draft.read_bytes() == FLAWED.read_bytes()
