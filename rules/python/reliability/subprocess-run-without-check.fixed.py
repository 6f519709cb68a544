import subprocess


def build():
    # ruleid: subprocess-run-without-check
    subprocess.run(["make", "all"], check=False)
    # ok: subprocess-run-without-check
    subprocess.run(["make", "test"], check=True)
    # ok: subprocess-run-without-check
    result = subprocess.run(["git", "diff", "--quiet"], check=False)
    # ok: subprocess-run-without-check
    subprocess.call(["ls"])
    # ok: subprocess-run-without-check
    runner.run(["make"])
    return result.returncode
