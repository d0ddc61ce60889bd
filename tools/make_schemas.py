"""Write the JSON Schemas accountkit ships, generated from its models.

Run after changing a model; a test fails while the shipped files differ from
what the models give.

Usage: python tools/make_schemas.py
"""

import json
from pathlib import Path

from accountkit._json_schema import schema_documents

OUT = Path(__file__).resolve().parent.parent / "src" / "accountkit" / "schemas"


def main() -> None:
    """Write each schema as ``<name>.schema.json``."""
    for name, document in schema_documents().items():
        path = OUT / f"{name}.schema.json"
        path.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
