"""One list of system packages (scripts/system-packages.sh) for `make run`, `make test` and
CI: run as root it installs what is missing; run as anyone else it names it and stops."""
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "system-packages.sh"


def test_make_and_ci_use_the_one_list_and_hold_no_apt_get_of_their_own():
    makefile, ci = (ROOT / "Makefile").read_text(), (ROOT / ".ci" / "run").read_text()
    assert "scripts/system-packages.sh run" in makefile and "scripts/system-packages.sh test" in makefile
    assert "scripts/system-packages.sh test" in ci
    assert "apt-get" not in makefile and "apt-get" not in ci
    assert "run: system setup db" in makefile and "test: system-test setup" in makefile


def test_the_list_has_what_a_fresh_debian_lacks():
    script = SCRIPT.read_text()
    for package in ("python3-venv", "nodejs", "npm", "libpango-1.0-0", "libpangoft2-1.0-0", "fonts-liberation",
                    "chromium", "postgresql-client"):
        assert package in script, package


def test_a_non_root_user_is_told_what_to_install(tmp_path):
    # dpkg-query that knows no package, as on a machine with nothing installed.
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "dpkg-query").write_text("#!/bin/sh\nexit 1\n")
    (fake / "id").write_text("#!/bin/sh\necho 1000\n")
    for tool in fake.iterdir():
        tool.chmod(0o755)
    done = subprocess.run(["bash", str(SCRIPT), "test"], capture_output=True, text=True,
                          env={"PATH": f"{fake}:/usr/bin:/bin"})
    assert done.returncode == 1
    assert "sudo apt-get install" in done.stderr
    assert "libpango-1.0-0" in done.stderr and "fonts-liberation" in done.stderr
