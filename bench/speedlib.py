"""Helpers of the speed benchmarks (bench/speed.py, bench/ingest_speed.py): measured child processes,
output-folder snapshots, virtual environments and a description of the machine. Standard library only."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DISTURBED = 0.3  # a run during which other processes used more than this many cores is marked


# --- measuring one command -------------------------------------------------------------------------------------

@dataclass
class Measure:
    """One run of one command."""

    wall: float  # seconds, from start to reaped
    cpu: float  # user + sys seconds of the child and every descendant it waited for
    maxrss_mb: float  # ru_maxrss of the child: the largest single process of the tree
    tree_rss_mb: float | None  # peak of the summed RSS of the whole process tree, sampled (None off Linux)
    returncode: int
    error: str = ""  # empty when the command succeeded
    tree_pss_mb: float | None = None  # the same for PSS: pages shared by forked workers counted once, not each time
    pages: int = 0  # .html files in the output folder afterwards
    files: int = 0  # all files in the output folder afterwards
    out_bytes: int = 0  # size of the output folder afterwards
    written_files: int = 0  # files created or rewritten by this run
    written_bytes: int = 0  # their size
    other_load: float | None = None  # cores' worth of CPU that other processes used meanwhile (None off Linux)
    sys_cpu: float | None = None  # of `cpu`, the seconds in the kernel (file creation shows here)
    sampled: bool = True  # the process tree's memory was sampled during the run (which slows it: see `run_measured`)

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def peak_mb(self) -> float:
        """The memory the tree took at most: its summed PSS (what it cost the machine; summed RSS counts the
        pages a forked worker shares with its parent once per process), at least its largest process."""
        return max(self.maxrss_mb, (self.tree_pss_mb if self.tree_pss_mb is not None else self.tree_rss_mb) or 0.0)

    def to_json(self) -> dict:
        return asdict(self)


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _tree_memory(root: int) -> tuple[int, int]:
    """Summed resident bytes of `root` and all its descendants now (Linux /proc), and their summed
    proportional set size (a page shared by n processes counts 1/n in each): one walk of the tree for both."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    rss = pss = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                rss += int(f.read().split()[1]) * _PAGE
        except (OSError, IndexError, ValueError):
            pass
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
                pss += next(int(line.split()[1]) for line in f if line.startswith(b"Pss:")) * 1024
        except (OSError, IndexError, ValueError, StopIteration):
            pass
        todo.extend(children.get(pid, ()))
    return rss, pss


class _TreeSampler(threading.Thread):
    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak, self.peak_pss = pid, interval, 0, 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                rss, pss = _tree_memory(self.pid)
                self.peak, self.peak_pss = max(self.peak, rss), max(self.peak_pss, pss)
            except OSError:
                pass
            self.stop.wait(self.interval)


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def busy_seconds() -> float | None:
    """CPU seconds the whole machine has spent busy since boot (Linux /proc/stat), or None."""
    try:
        with open("/proc/stat", "rb") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / _TICK


def wait_idle(max_wait: float, threshold: float = 0.3, window: float = 1.0, note=None) -> float | None:
    """Wait (at most `max_wait` s) until other processes use under `threshold` cores; return the last load seen."""
    deadline = time.monotonic() + max_wait
    told = False
    while True:
        b0 = busy_seconds()
        if b0 is None:
            return None
        time.sleep(window)
        load = (busy_seconds() - b0) / window
        if load < threshold or time.monotonic() >= deadline:
            return load
        if note and not told:
            note(f"waiting for the machine to go idle (other processes use {load:.1f} cores)")
            told = True


def snapshot(folder: Path) -> dict[str, tuple[int, int, int]]:
    """path -> (inode, size, mtime_ns) of every file below `folder`."""
    found: dict[str, tuple[int, int, int]] = {}
    if not folder.is_dir():
        return found
    todo = [folder]
    while todo:
        with os.scandir(todo.pop()) as it:
            for entry in it:
                if entry.is_dir(follow_symlinks=False):
                    todo.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    st = entry.stat(follow_symlinks=False)
                    found[entry.path] = (st.st_ino, st.st_size, st.st_mtime_ns)
    return found


class Trash:
    """Where a benchmark puts what it removes between timed runs (old outputs, caches, content copies), to be
    deleted only when every run is done.

    Deleting many files right before a timed build times the file system as well as the build: ext4 without a
    journal (the disks of the machines this was measured on) does not reuse an inode freed in the last 60 s
    (360 s while its inode table is not yet written back), and finds each new file's inode by scanning past
    every such one in its group. A 10,000-article cold build right after removing the last one's output spent
    3-20 s in the kernel doing that (13.8-22.4 s wall); into a folder moved aside instead, 2.6-4.0 s (10.6-11.8
    s wall). A rename into this folder frees no inode.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0

    def discard(self, path: Path) -> None:
        """Move `path` (a file or folder on the same file system) out of the way."""
        if not path.exists() and not path.is_symlink():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count += 1
        os.replace(path, self.folder / f"{self.count}-{os.getpid()}-{path.name}")

    def empty(self) -> None:
        """Delete everything discarded (once no timed run follows)."""
        shutil.rmtree(self.folder, ignore_errors=True)


def run_measured(cmd: list[str], *, cwd: Path, log: Path, out_dir: Path | None = None,
                 env: dict[str, str] | None = None, timeout: float = 3600, sample: bool = True) -> Measure:
    """Run `cmd`, wait for it with os.wait4, and return its wall time, CPU time, memory and output changes.

    stdout and stderr go to `log`. When `out_dir` is given, the files created or rewritten in it (new path,
    inode, size or mtime) are counted, and the .html files and bytes in it afterwards.

    With `sample`, the memory of the whole process tree is sampled every 50 ms (Linux). That slows the run:
    reading a process's `smaps_rollup` walks its page tables under the lock its threads need to map memory.
    Hugo's cold build of 10,000 articles (1.5 GB) took 17.1-18.5 s sampled against 14.6-14.7 s not, site_gen's
    with search 17.9-18.9 against 17.8-18.1 s. Without it only the largest process's peak (ru_maxrss) is known.
    """
    before = snapshot(out_dir) if out_dir else {}
    log.parent.mkdir(parents=True, exist_ok=True)
    sampling = sample and sys.platform.startswith("linux")
    with open(log, "wb") as logf:
        busy0 = busy_seconds()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT)
        sampler = _TreeSampler(proc.pid) if sampling else None
        if sampler:
            sampler.start()
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        busy1 = busy_seconds()
        if sampler:
            sampler.stop.set()
            sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    error = ""
    if proc.returncode != 0:
        tail = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
        reason = tail[-1].strip() if tail else "no output"
        if wall >= timeout:
            reason = f"timed out after {timeout:.0f} s"
        error = f"exit {proc.returncode}: {reason[:200]}"
    m = Measure(wall=wall, cpu=usage.ru_utime + usage.ru_stime, maxrss_mb=usage.ru_maxrss / 1024,
                tree_rss_mb=(sampler.peak / 2**20) if sampler else None,
                tree_pss_mb=(sampler.peak_pss / 2**20) if sampler and sampler.peak_pss else None,
                returncode=proc.returncode, error=error, sys_cpu=usage.ru_stime, sampled=sampling)
    if busy0 is not None and busy1 is not None and wall > 0:
        m.other_load = max(0.0, (busy1 - busy0 - m.cpu) / wall)
    if out_dir:
        after = snapshot(out_dir)
        m.files = len(after)
        m.pages = sum(1 for p in after if p.endswith(".html"))
        m.out_bytes = sum(v[1] for v in after.values())
        changed = [p for p, v in after.items() if before.get(p) != v]
        m.written_files = len(changed)
        m.written_bytes = sum(after[p][1] for p in changed)
    return m


def measure_from_json(data: dict) -> Measure:
    return Measure(**{k: v for k, v in data.items() if k in Measure.__dataclass_fields__})


def summarise(runs: list[Measure]) -> dict:
    """Medians over the successful runs, or the failure when none succeeded: times from the runs whose memory
    was not sampled (sampling slows a run: see `run_measured`), memory from those whose memory was, when there
    are both; else everything from all.

    Runs that other processes disturbed (see DISTURBED) are left out of the medians when undisturbed ones exist.
    """
    ok = [m for m in runs if m.ok]
    out: dict = {"runs": len(runs), "ok": len(ok)}
    if not ok:
        out["error"] = runs[0].error if runs else "not run"
        return out
    candidates = [m for m in ok if not m.sampled] or ok
    timed, sampled = undisturbed(candidates), undisturbed([m for m in ok if m.sampled] or ok)
    out["disturbed"] = sum(m.other_load is not None and m.other_load > DISTURBED for m in candidates)
    out["used"], out["timed"] = len(timed), len(candidates)
    for basis, keys in ((timed, ("wall", "cpu", "pages", "files", "out_bytes", "written_files", "written_bytes")),
                        (sampled, ("maxrss_mb", "peak_mb"))):
        for key in keys:
            out[key] = statistics.median(getattr(m, key) for m in basis)
    for basis, keys in ((timed, ("other_load", "sys_cpu")), (sampled, ("tree_rss_mb", "tree_pss_mb"))):
        for key in keys:
            values = [getattr(m, key) for m in basis if getattr(m, key) is not None]
            out[key] = statistics.median(values) if values else None
    if len(ok) < len(runs):
        out["error"] = f"{len(runs) - len(ok)} of {len(runs)} runs failed: " + next(m.error for m in runs if not m.ok)
    return out


def undisturbed(runs: list[Measure]) -> list[Measure]:
    """The runs other processes did not disturb (see DISTURBED), or all of them when every one was."""
    return [m for m in runs if m.other_load is None or m.other_load <= DISTURBED] or runs


# --- virtual environments --------------------------------------------------------------------------------------

def program(text: str) -> Path:
    """Return a program named on the command line: a path made absolute (the runs start in other folders), a
    bare name as given (looked up on PATH)."""
    path = Path(text)
    return path.absolute() if len(path.parts) > 1 else path


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_venv(venv: Path, requirements: list[str], *, note=print) -> Path:
    """Create `venv` with `requirements` installed by pip (kept when it already holds the same); return its python."""
    stamp = venv / ".bench-requirements"
    key = "\n".join(requirements)
    for req in requirements:  # an editable local project: reinstall when its pyproject changes
        if req.startswith("-e") or Path(req.split("[")[0]).is_dir():
            pyproject = Path(req.removeprefix("-e").strip().split("[")[0]) / "pyproject.toml"
            if pyproject.exists():
                key += "\n" + hashlib.sha256(pyproject.read_bytes()).hexdigest()
    python = venv_python(venv)
    if python.exists() and stamp.exists() and stamp.read_text() == key:
        return python
    note(f"setting up {venv.name}: pip install {' '.join(requirements)}")
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    args = []
    for req in requirements:
        args += ["-e", req[2:].strip()] if req.startswith("-e") else [req]
    done = subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *args],
                          capture_output=True, text=True)
    if done.returncode != 0:
        lines = [x for x in done.stderr.splitlines() if x.strip() and not x.startswith("WARNING")]
        raise RuntimeError(f"pip install in {venv.name} failed: {lines[-1] if lines else done.returncode}")
    stamp.write_text(key)
    return python


def command_output(cmd: list[str], **kw) -> str:
    """First non-empty line a command prints, or '' when it cannot run."""
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kw)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    lines = [x.strip() for x in (done.stdout + "\n" + done.stderr).splitlines() if x.strip()]
    return lines[0] if lines else ""


# --- the machine -----------------------------------------------------------------------------------------------

def machine() -> dict:
    """nproc, CPU model, memory, OS and the harness's Python."""
    info = {"date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
            "cpu": platform.processor() or platform.machine(), "memory_gb": None,
            "os": f"{platform.system()} {platform.release()}", "python": platform.python_version()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory_gb"] = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return info


def load_cell(s: dict) -> str:
    """Others' load over the runs used, and how many runs were disturbed (and so left out, when others were not)."""
    if s.get("other_load") is None:
        return ""
    cell = f"{s['other_load']:.2f}"
    if s.get("disturbed"):
        left_out = s["used"] < s.get("timed", s["ok"])
        cell += f" ({s['disturbed']} disturbed{', left out' if left_out else ''})"
    return cell


def fmt_mb(x: float | None) -> str:
    return "" if x is None else f"{x:.0f}"


def fmt_s(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x:.3f}" if x < 1 else f"{x:.2f}" if x < 10 else f"{x:.1f}"
