"""What the generators of Core's embedded data (gen_holidays.py, gen_sla.py) share: a Swift string
literal, and writing the generated file (then `swift format` on it when swift is on PATH)."""

import os
import shutil
import subprocess


def swift_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_swift(output, lines):
    with open(output, "w") as f:
        f.write("\n".join(lines))
    swift = shutil.which("swift")
    if swift:
        subprocess.run([swift, "format", "format", "-i", output], check=False)
    print(f"wrote {os.path.relpath(output)}")
